import { ErrorCode } from '@people/domain';
import { type RestCompat } from '../dialect/restCompat';
import express, { type RequestHandler } from 'express';
import { HttpError } from '../errors';
import { locateJsonSyntaxError } from './jsonSyntaxError';

const JSON_TYPE = /^application\/([\w.+-]+\+)?json$/i;

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim() ?? '';
}

/** body-parser's failure to parse, with the text it tried. */
function unparsableText(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { type, body } = error as { type?: unknown; body?: unknown };
  return type === 'entity.parse.failed' && typeof body === 'string' ? body : undefined;
}

/**
 * FastAPI's reading of a JSON body: without a Content-Type the body is JSON; with another type it
 * is not an object (422); text that is not JSON is a 422 `json_invalid` at Python's position.
 */
function legacyJsonBody(limit: string): RequestHandler[] {
  const parse: RequestHandler = express.json({ limit, strict: false, type: () => true });
  const readAsFastApiDid: RequestHandler = (req, res, next) => {
    const type = mediaType(req.headers['content-type']);
    if (type !== '' && !JSON_TYPE.test(type)) {
      next(HttpError.notAnObject());
      return;
    }
    parse(req, res, (error?: unknown) => {
      const text = unparsableText(error);
      if (text === undefined) {
        next(error);
        return;
      }
      const { pos, error: reason } = locateJsonSyntaxError(text);
      next(HttpError.jsonInvalid(pos, reason));
    });
  };
  return [readAsFastApiDid];
}

/**
 * JSON bodies only: another content type is a 415, a body that is not JSON a 400, one over
 * `limit` a 413. Any JSON value is let through so that the schema can say what is wrong with it.
 */
function strictJsonBody(limit: string): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    if (!JSON_TYPE.test(mediaType(req.headers['content-type']))) {
      next(HttpError.of(ErrorCode.UnsupportedMediaType, 'Content-Type must be application/json'));
      return;
    }
    next();
  };
  return [requireJson, express.json({ limit, strict: false, type: () => true })];
}

export function jsonBody(limit: string, compat: RestCompat): RequestHandler[] {
  return compat === 'legacy' ? legacyJsonBody(limit) : strictJsonBody(limit);
}
