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

/** A page asked for: its cursor for the next page as soon as it is known, and the page itself. */
interface PageRequest {
  nextCursor: Promise<string | null>;
  page: Promise<Page>;
}

function requestPage(service: PeopleService, size: number, after: string | null, call: CallOptions): PageRequest {
  let learnCursor: (cursor: string | null) => void = () => undefined;
  let failCursor: (error: unknown) => void = () => undefined;
  const nextCursor = new Promise<string | null>((resolve, reject) => {
    learnCursor = resolve;
    failCursor = reject;
  });
  const page = service.page(size, after, call, learnCursor).then(
    (read) => {
      learnCursor(read.nextCursor);
      return read;
    },
    (error: unknown) => {
      failCursor(error);
      throw error;
    },
  );
  // Failures surface where each is awaited, never as unhandled rejections.
  nextCursor.catch(() => undefined);
  page.catch(() => undefined);
  return { nextCursor, page };
}

/**
 * Every person as one JSON array, page by page from the gateway: at most two pages in memory (the
 * one being written and the next, asked for as soon as its cursor is known, which the head of the
 * gateway's answer gives before the rest of the page has arrived, so the store works while this
 * process reads and writes), one write per page, the socket's backpressure respected, and paging
 * stopped when the client goes away.
 */
export async function streamEveryone(
  service: PeopleService,
  res: Response,
  call: CallOptions,
  size: number,
): Promise<void> {
  let current = requestPage(service, size, null, call);
  let separator: string | undefined;
  for (;;) {
    const cursor = await current.nextCursor;
    const next = cursor === null ? null : requestPage(service, size, cursor, call);
    const page = await current.page;
    if (separator === undefined) {
      // The first page is read before anything is sent, so that failing early still gets a status.
      res.status(200).type('application/json');
      res.write('[');
      separator = '';
    }
    if (page.people.length > 0) {
      // One stringify per page; the array's brackets are dropped, so the bytes are those of each
      // person stringified and joined with commas.
      const written = res.write(`${separator}${JSON.stringify(page.people).slice(1, -1)}`);
      separator = ',';
      if (!written) await drained(res);
    }
    if (call.signal?.aborted || res.destroyed) return;
    if (next === null) break;
    current = next;
  }
  res.end(']');
}
