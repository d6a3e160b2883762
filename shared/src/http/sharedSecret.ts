import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ErrorCode, HTTP_STATUS } from '../errors';

export const SUBGRAPH_SECRET_HEADER = 'x-subgraph-secret';

/** Hashing first gives equal lengths, so the comparison takes the same time whatever was sent. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Refuses (401) any request that does not carry `secret` in `x-subgraph-secret`: only the gateway knows it. */
export function requireSharedSecret(secret: string): RequestHandler {
  const expected = digest(secret);
  return (req, res, next) => {
    const sent = req.headers[SUBGRAPH_SECRET_HEADER];
    if (typeof sent === 'string' && timingSafeEqual(digest(sent), expected)) {
      next();
      return;
    }
    res.status(HTTP_STATUS[ErrorCode.Unauthenticated]).json({
      errors: [{ message: 'Only the gateway may call this subgraph', extensions: { code: ErrorCode.Unauthenticated } }],
    });
  };
}
