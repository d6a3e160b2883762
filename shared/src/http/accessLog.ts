import type { RequestHandler } from 'express';
import type { Logger } from '../logging';

/**
 * Digit runs in paths are document ids, which may be one digit long: personal data, so every run
 * is masked, percent-encoded digits (`%31`) too. The query string is dropped whole.
 */
function maskedPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.replace(/(?:%3\d|\d)+/gi, '{id}');
}

/** One line per request, after the response ends; no bodies, no query strings. */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const level = res.statusCode >= 500 ? 'error' : 'info';
      logger[level](
        { method: req.method, path: maskedPath(req.originalUrl), status: res.statusCode, ms: Math.round(ms * 10) / 10 },
        'request',
      );
    });
    next();
  };
}
