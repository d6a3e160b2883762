import { IDEMPOTENCY_KEY_FIELD, IDEMPOTENCY_KEY_HEADER } from '@people/domain';
import { REST_FIELD_NAMES } from './restSchemas';
import { ErrorCode, HTTP_STATUS, type FieldError } from '@people/domain';
import type { RestCompat } from './restCompat';

/** Where an invalid value was found, as FastAPI names it in `loc`. */
export type RestLocation = 'body' | 'query' | 'path' | 'header';

/** One entry of a 422 body: `{"detail": [{"loc": ["body", "email"], "msg": "…", "type": "…"}]}`. */
export interface RestValidationDetail {
  loc: (string | number)[];
  msg: string;
  type: string;
  /** pydantic's extras, sent only where FastAPI's own answer had them (`json_invalid`). */
  input?: unknown;
  ctx?: Record<string, string>;
}

/** The older services had no 409, 413 or 415: a taken document_id and a refused photo were a plain 400. */
const LEGACY_HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.Conflict]: 400,
  [ErrorCode.PayloadTooLarge]: 400,
  [ErrorCode.UnsupportedMediaType]: 400,
};

/** The HTTP status of an error code in one REST compatibility mode. */
export function restStatus(code: ErrorCode, compat: RestCompat): number {
  return (compat === 'legacy' ? LEGACY_HTTP_STATUS[code] : undefined) ?? HTTP_STATUS[code];
}

/** FastAPI's answer to a body that is not JSON: `pos` in characters, `error` Python's sentence. */
export function jsonInvalidDetail(pos: number, error: string): RestValidationDetail {
  return { type: 'json_invalid', loc: ['body', pos], msg: 'JSON decode error', input: {}, ctx: { error } };
}

/** GraphQL argument and field names whose REST name is not the plain snake_case one. */
const SPECIAL_REST_NAMES: Record<string, string> = {
  photo: 'file',
  first: 'limit',
};

const GRAPHQL_TO_REST = new Map<string, string>(Object.entries({ ...REST_FIELD_NAMES, ...SPECIAL_REST_NAMES }));

/** The REST name of a field the graph reported in camelCase (`firstName` → `first_name`). */
export function restFieldName(graphqlName: string): string {
  return GRAPHQL_TO_REST.get(graphqlName) ?? graphqlName.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/**
 * FastAPI's `detail` list from field errors. `fromGraph` says the names are the graph's camelCase
 * ones (and need renaming); the edge's own schemas already speak REST.
 */
export function toRestValidationDetail(
  fields: readonly FieldError[],
  location: RestLocation,
  fromGraph = false,
): RestValidationDetail[] {
  return fields.map((field) => {
    // A header is named as FastAPI names one, wherever the error was found.
    if (field.field === IDEMPOTENCY_KEY_FIELD) {
      return { loc: ['header', IDEMPOTENCY_KEY_HEADER], msg: field.message, type: field.type };
    }
    const path = field.field === 'body' || field.field === '' ? [] : field.field.split('.');
    const renamed = fromGraph ? path.map((segment, index) => (index === 0 ? restFieldName(segment) : segment)) : path;
    return {
      loc: [location, ...renamed.map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment))],
      msg: field.message,
      type: field.type,
    };
  });
}
