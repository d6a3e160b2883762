import { ErrorCode, HTTP_STATUS } from '@people/shared';
import express, { type RequestHandler } from 'express';
import { HttpError } from '../errors';

const JSON_TYPE = /^application\/([\w.+-]+\+)?json$/i;

/**
 * JSON bodies only: another content type is a 415, a body that is not JSON a 400, one over
 * `limit` a 413. Any JSON value is let through so that the schema can say what is wrong with it.
 */
export function jsonBody(limit: string): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
    if (!JSON_TYPE.test(type)) {
      next(new HttpError(HTTP_STATUS[ErrorCode.UnsupportedMediaType], 'Content-Type must be application/json'));
      return;
    }
    next();
  };
  return [requireJson, express.json({ limit, strict: false, type: () => true })];
}
