import { restCreatePersonSchema, restUpdatePersonSchema } from './restSchemas';

/**
 * How the REST bridge answers: `legacy` as the older FastAPI services did (their clients keep
 * working unchanged), `strict` with 409 for a taken document id, 413 for too large a body or photo, 415 for a wrong
 * content type, and unknown fields refused.
 */
export const REST_COMPAT_MODES = ['legacy', 'strict'] as const;
export type RestCompat = (typeof REST_COMPAT_MODES)[number];

/** What the older services' DTOs declared. pydantic dropped every other key without a word. */
const LEGACY_CREATE_FIELDS = new Set(Object.keys(restCreatePersonSchema.in.shape));
/** The older update DTO had no `document_id` or `document_type`: sent in a PATCH, they changed nothing. */
const LEGACY_UPDATE_FIELDS = new Set(
  Object.keys(restUpdatePersonSchema.in.shape).filter((key) => key !== 'document_id' && key !== 'document_type'),
);

function keepOnly(body: unknown, fields: ReadonlySet<string>): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([key]) => fields.has(key)));
}

/** A create body as the older service read it: only the fields it knew. Anything else is left to validation. */
export function legacyCreateBody(body: unknown): unknown {
  return keepOnly(body, LEGACY_CREATE_FIELDS);
}

/** A PATCH body as the older service read it: unknown fields and the immutable key fields dropped. */
export function legacyUpdateBody(body: unknown): unknown {
  return keepOnly(body, LEGACY_UPDATE_FIELDS);
}
