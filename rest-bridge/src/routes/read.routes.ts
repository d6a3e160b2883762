import { MAX_PAGE_SIZE, restListQuerySchema, type RestCompat } from '@people/shared';
import { Router, type Request, type Response } from 'express';
import type { CallOptions } from '../gatewayClient';
import { callOptions } from '../http/context';
import { methodNotAllowed } from '../http/errorHandler';
import { parseOrThrow } from '../http/validation';
import type { PeopleService } from '../people.service';
import { personRefs } from './params';
import { sendPersonRead } from './respond';

/** A client that stops reading for this long is cut off, so a stalled list holds nothing forever. */
const STALLED_CLIENT_MS = 60_000;

function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => res.destroy(), STALLED_CLIENT_MS);
    const done = () => {
      clearTimeout(timer);
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Every person as one JSON array, page by page from the gateway: one page in memory at a time,
 * the socket's backpressure respected, and paging stopped when the client goes away.
 */
async function streamEveryone(service: PeopleService, res: Response, call: CallOptions): Promise<void> {
  // The first page is fetched before anything is sent, so that failing early still gets a status.
  let page = await service.page(MAX_PAGE_SIZE, null, call);
  res.status(200).type('application/json');
  res.write('[');
  let first = true;
  for (;;) {
    for (const person of page.people) {
      const written = res.write(`${first ? '' : ','}${JSON.stringify(person)}`);
      first = false;
      if (!written) await drained(res);
      if (call.signal?.aborted || res.destroyed) return;
    }
    if (page.nextCursor === null) break;
    page = await service.page(MAX_PAGE_SIZE, page.nextCursor, call);
  }
  res.end(']');
}

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

export function readRoutes(service: PeopleService, options: { compat: RestCompat }): Router {
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
        await streamEveryone(service, res, callOptions(req, res));
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
      sendPersonRead(req, res, await service.get(pathRef(req), callOptions(req, res)));
    })
    .all(methodNotAllowed('GET'));
  return router;
}
