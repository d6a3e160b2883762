import { MAX_PAGE_SIZE } from '@people/domain';
import { type RestCompat } from '../dialect/restCompat';
import { restListQuerySchema } from '../dialect/restQuery';
import { Router, type Request, type Response } from 'express';
import { callOptions } from '../http/context';
import { methodNotAllowed } from '../http/errorHandler';
import { parseOrThrow } from '../http/validation';
import type { PeopleService } from '../people.service';
import { personRefs } from './params';
import type { PrefetchedReads } from './personReadPath';
import { sendPersonRead } from './respond';
import { streamEveryone } from './streamEveryone';

async function onePage(
  service: PeopleService,
  req: Request,
  res: Response,
  limit: number,
  after: string | null,
): Promise<void> {
  const page = await service.page(limit, after, callOptions(req, res));
  if (page.nextCursor !== null) {
    const next = new URLSearchParams({ limit: String(limit), after: page.nextCursor });
    res.set('Link', `</?${next.toString()}>; rel="next"`);
  }
  res.json(page.people);
}

export function readRoutes(
  service: PeopleService,
  options: {
    compat: RestCompat;
    /** Page size of the whole list (`GET /` without `limit`). */
    everyonePageSize: number;
    /** Reads PersonReadPath made before handing a request here. */
    prefetched: PrefetchedReads;
  },
): Router {
  const router = Router();
  const { pathRef, queryRef } = personRefs(options.compat);
  router
    .route('/')
    .get(async (req, res) => {
      const query = parseOrThrow(restListQuerySchema, { ...(req.query as Record<string, unknown>) }, 'query');
      if (query.limit === undefined && query.after === undefined) {
        if (req.method === 'HEAD') {
          // The headers of the list, without paging through everyone for a body nobody reads.
          await service.page(1, null, callOptions(req, res));
          res.status(200).type('application/json').end();
          return;
        }
        await streamEveryone(service, res, callOptions(req, res), options.everyonePageSize);
        return;
      }
      await onePage(service, req, res, query.limit ?? MAX_PAGE_SIZE, query.after ?? null);
    })
    .all(methodNotAllowed('GET'));
  router
    .route('/detail')
    .get(async (req, res) => {
      sendPersonRead(req, res, await service.get(queryRef(req), callOptions(req, res)));
    })
    .all(methodNotAllowed('GET'));
  router
    .route('/:doc_id')
    .get(async (req, res) => {
      const person = options.prefetched.take(req) ?? service.get(pathRef(req), callOptions(req, res));
      sendPersonRead(req, res, await person);
    })
    .all(methodNotAllowed('GET'));
  return router;
}
