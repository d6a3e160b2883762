import { IDEMPOTENCY_KEY_MAX_LENGTH, MAX_PAGE_SIZE } from '@people/domain';
import { restCreatePersonSchema, restUpdatePersonSchema } from './dialect/restSchemas';
import { type RestCompat } from './dialect/restCompat';
import { restPersonSchema, toRestPerson } from './dialect/restPerson';
import { restDocIdSchema, restLegacyQuerySchema, restListQuerySchema } from './dialect/restQuery';
import { z } from 'zod';
import type { BridgeRole } from './config';

/**
 * Each port's OpenAPI 3.1 document, generated from the zod schemas the bridge validates with
 * (JSON Schema 2020-12 is OpenAPI 3.1's dialect), so the two cannot drift.
 */

type JsonObject = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const generated = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonObject;
  const { $schema: _schema, $defs, $ref, id: _id, ...rest } = generated;
  // A schema with an `id` comes back as a reference into its own $defs: inline the definition.
  if (typeof $ref === 'string' && $defs && typeof $defs === 'object') {
    const name = $ref.replace('#/$defs/', '');
    const { id: _innerId, ...definition } = ($defs as Record<string, JsonObject>)[name] ?? {};
    return definition;
  }
  return rest;
}

/**
 * A request body schema as the legacy mode reads it: other fields are allowed and dropped, as
 * pydantic did; `ignored` fields are listed nowhere, since sending them changes nothing.
 */
function ignoringOthers(schema: JsonObject, ignored: string[]): JsonObject {
  const { additionalProperties: _closed, properties, ...rest } = schema;
  const kept = Object.entries((properties ?? {}) as Record<string, JsonObject>).filter(
    ([name]) => !ignored.includes(name),
  );
  return {
    ...rest,
    properties: Object.fromEntries(kept),
    description: `Fields not listed here${ignored.length ? ` (${ignored.join(', ')} among them)` : ''} are ignored`,
  };
}

function requestSchemas(compat: RestCompat): Record<'PersonCreate' | 'PersonUpdate', JsonObject> {
  const create = jsonSchema(restCreatePersonSchema, 'input');
  const update = jsonSchema(restUpdatePersonSchema, 'input');
  if (compat === 'strict') return { PersonCreate: create, PersonUpdate: update };
  return {
    PersonCreate: ignoringOthers(create, []),
    PersonUpdate: ignoringOthers(update, ['document_id', 'document_type']),
  };
}

/** The properties of an object schema, as OpenAPI parameters `in` one place. */
function parameters(schema: z.ZodObject, location: 'query' | 'path'): JsonObject[] {
  const generated = jsonSchema(schema, 'input');
  const properties = (generated.properties ?? {}) as Record<string, JsonObject>;
  const required = new Set((generated.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: propertySchema,
    };
  });
}

const docIdParameter = parameters(z.object({ doc_id: restDocIdSchema }), 'path');
const legacyParameters = parameters(restLegacyQuerySchema, 'query');
const listParameters = parameters(restListQuerySchema, 'query');

const idempotencyKeyParameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Names this create so that a retry is safe: a retry with the same key and body gets the first 201 and person; ' +
    'the same key with another body is 422. The key lives as long as the person it created.',
  schema: { type: 'string', minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX_LENGTH, pattern: '^[!-~]+$' },
};

/** The example person of every document; a test checks the server really answers in this shape. */
export const EXAMPLE_PERSON = toRestPerson({
  documentId: '1234567890',
  documentType: 'CEDULA',
  firstName: 'Ana',
  middleName: 'Lucía',
  lastName: 'García',
  birthDate: '1990-05-17',
  gender: 'FEMENINO',
  email: 'ana@example.com',
  phone: '3001234567',
  photoUrl: null,
  createdAt: '2026-01-02T03:04:05.000Z',
  updatedAt: '2026-01-02T03:04:05.000Z',
});

const { photo_url: _p, created_at: _c, updated_at: _u, ...EXAMPLE_CREATE } = EXAMPLE_PERSON;
export const EXAMPLE_CREATE_BODY = EXAMPLE_CREATE;
export const EXAMPLE_UPDATE_BODY = { email: 'ana.garcia@example.com', phone: '3109876543' };
export const EXAMPLE_VALIDATION_ERROR = {
  detail: [
    {
      loc: ['body', 'email'],
      msg: 'Must be a valid email address, like name@example.com',
      type: 'string_pattern_mismatch',
    },
  ],
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function jsonContent(schema: JsonObject, example?: unknown): JsonObject {
  return { 'application/json': { schema, ...(example === undefined ? {} : { example }) } };
}

function errorResponse(description: string, example: string): JsonObject {
  return { description, content: jsonContent(ref('Error'), { detail: example }) };
}

const unavailable = {
  description: 'The gateway, a subgraph or the store is unavailable; retry after `Retry-After` seconds',
  headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' } },
  content: jsonContent(ref('Error'), { detail: 'The gateway is unavailable; try again shortly' }),
};

const tooManyRequests = {
  description: 'Over the per-client rate limit (RATE_LIMIT_PER_MINUTE); retry after `Retry-After` seconds',
  headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds until the window resets' } },
  content: jsonContent(ref('Error'), { detail: 'Too many requests; try again in 42 seconds' }),
};

/**
 * What every operation may answer when tokens are required: by the bridge, or by the gateway
 * behind it (a bridge without authentication forwards the caller's token).
 */
const AUTH_ANSWERS = {
  '401': {
    description: 'No bearer token, or one that is not valid (expired, wrong signature, issuer or audience)',
    headers: {
      'WWW-Authenticate': { schema: { type: 'string' }, description: '`Bearer`, or `Bearer error="invalid_token"`' },
    },
    content: jsonContent(ref('Error'), {
      detail: 'Authentication required: send an access token as "Authorization: Bearer <token>"',
    }),
  },
  '403': errorResponse(
    'The token does not grant the scope: `people:read` to read, `people:write` for the rest',
    'This operation needs the scope people:write, which the token does not grant',
  ),
};

const invalidInput = (description: string) => ({
  description,
  content: jsonContent(ref('HTTPValidationError'), EXAMPLE_VALIDATION_ERROR),
});
const personResponse = (description: string) => ({ description, content: jsonContent(ref('Person'), EXAMPLE_PERSON) });

/** A read answers with an ETag, and with 304 to a client that sends it back unchanged. */
const ETAG_HEADER = { ETag: { schema: { type: 'string' }, description: 'A strong validator of the JSON body' } };
const conditionalRead = {
  parameters: [
    {
      name: 'If-None-Match',
      in: 'header',
      required: false,
      description: 'An ETag from an earlier read: 304 and no body while the person is unchanged',
      schema: { type: 'string' },
    },
  ],
  responses: {
    '200': { ...personResponse('The person'), headers: ETAG_HEADER },
    '304': { description: 'Unchanged since the ETag sent in If-None-Match', headers: ETAG_HEADER },
  },
};
const duplicate = (description: string) =>
  errorResponse(description, 'A person with document_id 1234567890 already exists');

/** The error answers that differ between the compatibility modes (409, 413 and 415 in strict mode, 400 or 422 in legacy mode). */
interface ModeAnswers {
  common: JsonObject;
  notFound: JsonObject;
  /** On a path route, where the legacy mode treats a malformed doc_id as an unknown path. */
  notFoundByPath: JsonObject;
  createErrors: JsonObject;
  jsonBodyErrors: JsonObject;
  imageErrors: JsonObject;
}

const STRICT: ModeAnswers = {
  common: {
    ...AUTH_ANSWERS,
    '422': invalidInput('Invalid input, one entry per invalid field'),
    '429': tooManyRequests,
    '503': unavailable,
  },
  notFound: errorResponse(
    'No such person (or, with doc_type, not of that type)',
    'No person with document_id 1234567890',
  ),
  notFoundByPath: errorResponse('No such person', 'No person with document_id 1234567890'),
  createErrors: { '409': duplicate('document_id already taken') },
  jsonBodyErrors: {
    '400': errorResponse('Malformed JSON', 'Malformed JSON body'),
    '413': errorResponse('Body too large', 'Request body too large'),
    '415': errorResponse('Content-Type is not application/json', 'Content-Type must be application/json'),
  },
  imageErrors: {
    '413': errorResponse('Photo over 2 MB', 'Photo must be at most 2 MB'),
    '415': errorResponse(
      'Not a PNG or JPEG (judged by its bytes), or not a multipart form',
      'The photo must be a PNG or JPEG image',
    ),
  },
};

/** As the older FastAPI services answered: 400 for what the strict mode answers 409 (taken document id), 413 (too large) and 415 (wrong content type). */
const LEGACY: ModeAnswers = {
  common: {
    '422': invalidInput(
      'Invalid input, one entry per invalid field; also a body that is not JSON (`json_invalid`, at its character position) or is sent as another content type. Unknown fields are ignored.',
    ),
    ...AUTH_ANSWERS,
    '429': tooManyRequests,
    '503': unavailable,
  },
  notFound: errorResponse(
    'No such person: the doc_id cannot exist, the doc_type is unknown, or the person is not of that type',
    'No person with document_id 1234567890',
  ),
  notFoundByPath: errorResponse(
    'No such person, or a doc_id that cannot exist',
    'No person with document_id 1234567890',
  ),
  createErrors: { '400': duplicate('document_id already taken, or a body over the size limit') },
  jsonBodyErrors: { '400': errorResponse('Body over the size limit', 'Request body too large') },
  imageErrors: {
    '400': errorResponse(
      'Photo over 2 MB, not a PNG or JPEG (judged by its bytes), or not a multipart form',
      'Photo must be at most 2 MB',
    ),
  },
};

const imageBody = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['file'],
        properties: {
          file: {
            type: 'string',
            contentMediaType: 'application/octet-stream',
            description: 'A PNG or JPEG image, at most 2 MB',
          },
        },
      },
    },
  },
};

function imageOperation(
  operationId: string,
  parameterList: JsonObject[],
  notFound: JsonObject,
  mode: ModeAnswers,
): JsonObject {
  return {
    operationId,
    summary: "Replace a person's photo",
    parameters: parameterList,
    requestBody: imageBody,
    responses: {
      '200': personResponse('The updated person'),
      '404': notFound,
      ...mode.imageErrors,
      ...mode.common,
    },
  };
}

function paths(mode: ModeAnswers): Record<BridgeRole, JsonObject> {
  const { common, notFound, notFoundByPath, jsonBodyErrors } = mode;
  return {
    create: {
      '/': {
        post: {
          operationId: 'createPerson',
          summary: 'Create a person',
          parameters: [idempotencyKeyParameter],
          requestBody: { required: true, content: jsonContent(ref('PersonCreate'), EXAMPLE_CREATE_BODY) },
          responses: {
            '201': {
              ...personResponse('The new person'),
              headers: {
                Location: { schema: { type: 'string', format: 'uri' }, description: 'Where to GET the person' },
              },
            },
            ...jsonBodyErrors,
            ...mode.createErrors,
            ...common,
          },
        },
      },
    },
    read: {
      '/': {
        get: {
          operationId: 'listPeople',
          summary: 'List people',
          description: `Without \`limit\`, every person, streamed as one array. With \`limit\` (1 to ${MAX_PAGE_SIZE}), one page and a \`Link: <…>; rel="next"\` header while more remain.`,
          parameters: listParameters,
          responses: {
            '200': {
              description: 'People in document_id order',
              headers: {
                Link: { schema: { type: 'string' }, description: 'The next page, when paging and more remain' },
              },
              content: jsonContent({ type: 'array', items: ref('Person') }, [EXAMPLE_PERSON]),
            },
            ...common,
          },
        },
      },
      '/{doc_id}': {
        get: {
          operationId: 'getPerson',
          summary: 'One person',
          parameters: [...docIdParameter, ...conditionalRead.parameters],
          responses: { ...conditionalRead.responses, '404': notFoundByPath, ...common },
        },
      },
      '/detail': {
        get: {
          operationId: 'getPersonLegacy',
          summary: 'One person (older route)',
          parameters: [...legacyParameters, ...conditionalRead.parameters],
          responses: { ...conditionalRead.responses, '404': notFound, ...common },
        },
      },
    },
    update: {
      '/': {
        patch: {
          operationId: 'updatePersonLegacy',
          summary: 'Change some fields of a person (older route)',
          parameters: legacyParameters,
          requestBody: { required: true, content: jsonContent(ref('PersonUpdate'), EXAMPLE_UPDATE_BODY) },
          responses: { '200': personResponse('The updated person'), '404': notFound, ...jsonBodyErrors, ...common },
        },
      },
      '/{doc_id}': {
        patch: {
          operationId: 'updatePerson',
          summary: 'Change some fields of a person',
          parameters: docIdParameter,
          requestBody: { required: true, content: jsonContent(ref('PersonUpdate'), EXAMPLE_UPDATE_BODY) },
          responses: {
            '200': personResponse('The updated person'),
            '404': notFoundByPath,
            ...jsonBodyErrors,
            ...common,
          },
        },
      },
      '/{doc_id}/image': { patch: imageOperation('updatePersonPhoto', docIdParameter, notFoundByPath, mode) },
      '/image': { patch: imageOperation('updatePersonPhotoLegacy', legacyParameters, notFound, mode) },
    },
    delete: {
      '/': {
        delete: {
          operationId: 'deletePersonLegacy',
          summary: 'Delete a person (older route)',
          parameters: legacyParameters,
          responses: { '200': personResponse('The deleted person, as it was'), '404': notFound, ...common },
        },
      },
      '/{doc_id}': {
        delete: {
          operationId: 'deletePerson',
          summary: 'Delete a person',
          parameters: docIdParameter,
          responses: { '200': personResponse('The deleted person, as it was'), '404': notFoundByPath, ...common },
        },
      },
    },
  };
}

const PATHS: Record<RestCompat, Record<BridgeRole, JsonObject>> = { legacy: paths(LEGACY), strict: paths(STRICT) };

const TITLES: Record<BridgeRole, string> = {
  create: 'People service: create',
  read: 'People service: read',
  update: 'People service: update',
  delete: 'People service: delete',
};

const BEARER_SCHEME = {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description:
    'A JWT from the configured issuer (AUTH_* settings), required when authentication is on: `people:read` to read, `people:write` for the rest.',
};

/**
 * The document of one port, describing the answers of the compatibility mode the bridge runs in.
 * The bearer scheme is always declared (Swagger UI's Authorize button): required when the bridge
 * checks tokens, optional otherwise (it forwards one to the gateway, which may require it).
 */
export function openApiDocument(role: BridgeRole, compat: RestCompat, options: { auth: boolean }): JsonObject {
  return {
    openapi: '3.1.0',
    info: {
      title: TITLES[role],
      version: '1.0.0',
      description: 'The REST contract of the People service, served by the REST bridge over the GraphQL gateway.',
    },
    // Relative: the port that served this document, whatever host or proxy the client reached it by.
    servers: [{ url: '/', description: 'This port' }],
    security: options.auth ? [{ bearerAuth: [] }] : [{}, { bearerAuth: [] }],
    paths: PATHS[compat][role],
    components: {
      securitySchemes: { bearerAuth: BEARER_SCHEME },
      schemas: {
        Person: jsonSchema(restPersonSchema, 'output'),
        ...requestSchemas(compat),
        Error: { type: 'object', required: ['detail'], properties: { detail: { type: 'string' } } },
        ValidationError: {
          type: 'object',
          required: ['loc', 'msg', 'type'],
          properties: {
            loc: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
            msg: { type: 'string' },
            type: { type: 'string' },
            input: { description: 'With `json_invalid` only: `{}`, as FastAPI sent it' },
            ctx: {
              type: 'object',
              additionalProperties: { type: 'string' },
              description: "With `json_invalid` only: `error`, Python's reason",
            },
          },
        },
        HTTPValidationError: {
          type: 'object',
          required: ['detail'],
          properties: { detail: { type: 'array', items: ref('ValidationError') } },
        },
      },
    },
  };
}
