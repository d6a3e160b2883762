import { restDocIdSchema, restLegacyQuerySchema } from '@people/shared';
import type { Request } from 'express';
import { z } from 'zod';
import { parseOrThrow } from '../http/validation';
import type { PersonRef } from '../people.service';

const pathSchema = z.object({ doc_id: restDocIdSchema });

/** The person a route names: `/{doc_id}` on the documented routes. */
export function pathRef(req: Request): PersonRef {
  return { documentId: parseOrThrow(pathSchema, req.params, 'path').doc_id };
}

/** The person a route names: `?doc_id=…&doc_type=…` on the older system's routes. */
export function queryRef(req: Request): PersonRef {
  const query = parseOrThrow(restLegacyQuerySchema, { ...(req.query as Record<string, unknown>) }, 'query');
  return { documentId: query.doc_id, ...(query.doc_type ? { documentType: query.doc_type } : {}) };
}

export type RefFrom = (req: Request) => PersonRef;
