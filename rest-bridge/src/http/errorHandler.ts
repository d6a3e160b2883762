import { ErrorCode } from '@people/domain';
import { type Logger } from '@people/platform';
import { type RestCompat } from '../dialect/restCompat';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { HttpError } from '../errors';

/** What body-parser and the router throw, by their `type`, as the answer a client should get. */
const PARSER_ERRORS: Record<string, HttpError> = {
  'entity.parse.failed': new HttpError(400, 'Malformed JSON body'),
  'entity.too.large': HttpError.of(ErrorCode.PayloadTooLarge, 'Request body too large'),
  'charset.unsupported': HttpError.of(ErrorCode.UnsupportedMediaType, 'Unsupported charset; use utf-8'),
  'encoding.unsupported': HttpError.of(ErrorCode.UnsupportedMediaType, 'Unsupported content encoding'),
  'request.size.invalid': new HttpError(400, 'Request body does not match its Content-Length'),
  'stream.encoding.set': new HttpError(400, 'Malformed request body'),
};

function asHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { type, status } = error as { type?: unknown; status?: unknown };
  if (typeof type === 'string' && PARSER_ERRORS[type]) return PARSER_ERRORS[type];
  // Express's own client errors (a path that cannot be decoded, say) carry a 4xx status.
  if (typeof status === 'number' && status >= 400 && status < 500) return new HttpError(status, 'Bad request');
  return undefined;
}

export function notFoundHandler(): RequestHandler {
  return (_req, _res, next) => {
    next(HttpError.notFound('Not Found'));
  };
}

export function methodNotAllowed(allowed: string): RequestHandler {
  return (_req, res) => {
    res.status(405).set('Allow', allowed).json({ detail: 'Method Not Allowed' });
  };
}

/**
 * The last handler: every error becomes `{"detail": …}` with the status of the compatibility mode;
 * anything unforeseen is logged and told plainly.
 */
export function errorHandler(logger: Logger, compat: RestCompat): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (req.socket.destroyed) return; // The client is gone: nobody to answer.
    if (res.headersSent) {
      // Mid-stream: the only honest signal left is to cut the response short.
      res.destroy();
      return;
    }
    const known = asHttpError(error);
    if (!known) logger.error({ err: error }, 'unexpected error');
    const answer = known ?? HttpError.internal();
    res.status(answer.statusIn(compat)).set(answer.headers).json({ detail: answer.detail });
  };
}
