import type { RequestHandler } from 'express';
import type { Logger } from '../logging';
import { maskedPath } from './route';

/** Writes the access line of one request that has ended, timed from `started` (`process.hrtime.bigint()`). */
export type AccessLine = (method: string, url: string, status: number, started: bigint) => void;

/** One line per request: method, masked path, status, duration; no bodies, no query strings. */
export function accessLine(logger: Logger): AccessLine {
  return (method, url, status, started) => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    logger[status >= 500 ? 'error' : 'info'](
      { method, path: maskedPath(url), status, ms: Math.round(ms * 10) / 10 },
      'request',
    );
  };
}

/** The access line of every request express answers, after the response ends. */
export function accessLog(logger: Logger): RequestHandler {
  const line = accessLine(logger);
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => line(req.method, req.originalUrl, res.statusCode, started));
    next();
  };
}
