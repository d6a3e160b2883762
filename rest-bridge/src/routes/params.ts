import { type RestCompat } from '../dialect/restCompat';
import { restDocIdSchema, restLegacyQuerySchema } from '../dialect/restQuery';
import type { Request } from 'express';
import { z } from 'zod';
import { HttpError } from '../errors';
import { parseOrThrow } from '../http/validation';
import type { PersonRef } from '../people.service';

const pathSchema = z.object({ doc_id: restDocIdSchema });

export type RefFrom = (req: Request) => PersonRef;

function queryOf(req: Request): Record<string, unknown> {
  return { ...(req.query as Record<string, unknown>) };
}

function fromQuery(query: z.output<typeof restLegacyQuerySchema>): PersonRef {
  return { documentId: query.doc_id, ...(query.doc_type ? { documentType: query.doc_type } : {}) };
}

/** The person a route names: `/{doc_id}` on the documented routes. */
function strictPathRef(req: Request): PersonRef {
  return { documentId: parseOrThrow(pathSchema, req.params, 'path').doc_id };
}

/** The person a route names: `?doc_id=…&doc_type=…` on the older system's routes. */
function strictQueryRef(req: Request): PersonRef {
  return fromQuery(parseOrThrow(restLegacyQuerySchema, queryOf(req), 'query'));
}

/** The older services had no route for a path like `/favicon.ico`: 404, as for any unknown path. */
function legacyPathRef(req: Request): PersonRef {
  const parsed = pathSchema.safeParse(req.params);
  if (!parsed.success) throw HttpError.notFound('Not Found');
  return { documentId: parsed.data.doc_id };
}

/**
 * The older services looked up whatever `doc_id` and `doc_type` they were given: an id that
 * cannot exist or a type nobody has was not found. Only a missing `doc_id` was a 422.
 */
function legacyQueryRef(req: Request): PersonRef {
  const query = queryOf(req);
  if (query.doc_id === undefined) return strictQueryRef(req);
  const parsed = restLegacyQuerySchema.safeParse(query);
  if (!parsed.success) throw HttpError.notFound('No person with that doc_id and doc_type');
  return fromQuery(parsed.data);
}

export interface PersonRefs {
  pathRef: RefFrom;
  queryRef: RefFrom;
}

export function personRefs(compat: RestCompat): PersonRefs {
  return compat === 'legacy'
    ? { pathRef: legacyPathRef, queryRef: legacyQueryRef }
    : { pathRef: strictPathRef, queryRef: strictQueryRef };
}
