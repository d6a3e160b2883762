import type { Response } from 'express';
import type { CallOptions } from '../gatewayClient';
import type { Page, PeopleService } from '../people.service';

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
 * Every person as one JSON array, page by page from the gateway: at most two pages in memory (the
 * one being written and the next, asked for as soon as its cursor is known, so the gateway and
 * the store work while this process serialises), one write per page, the socket's backpressure
 * respected, and paging stopped when the client goes away.
 */
export async function streamEveryone(
  service: PeopleService,
  res: Response,
  call: CallOptions,
  size: number,
): Promise<void> {
  // The first page is fetched before anything is sent, so that failing early still gets a status.
  let page = await service.page(size, null, call);
  res.status(200).type('application/json');
  res.write('[');
  let separator = '';
  for (;;) {
    const next: Promise<Page> | null = page.nextCursor === null ? null : service.page(size, page.nextCursor, call);
    // A failure of the next page surfaces when it is awaited, not as an unhandled rejection.
    next?.catch(() => undefined);
    if (page.people.length > 0) {
      // One stringify per page; the array's brackets are dropped, so the bytes are those of each
      // person stringified and joined with commas.
      const written = res.write(`${separator}${JSON.stringify(page.people).slice(1, -1)}`);
      separator = ',';
      if (!written) await drained(res);
    }
    if (call.signal?.aborted || res.destroyed) return;
    if (next === null) break;
    page = await next;
  }
  res.end(']');
}
