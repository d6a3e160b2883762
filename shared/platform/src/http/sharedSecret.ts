import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { ErrorCode, HTTP_STATUS } from '@people/domain';

export const SUBGRAPH_SECRET_HEADER = 'x-subgraph-secret';
/** Where the REST bridge proves to the gateway that a call is its own. */
export const BRIDGE_SECRET_HEADER = 'x-bridge-secret';

/** Hashing first gives equal lengths, so the comparison takes the same time whatever was sent. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Whether a request carries `secret` in `header`, compared in constant time. */
export function carriesSecret(header: string, secret: string): (req: IncomingMessage) => boolean {
  const expected = digest(secret);
  return (req) => {
    const sent = req.headers[header];
    return typeof sent === 'string' && timingSafeEqual(digest(sent), expected);
  };
}

/** Refuses (401) any request that does not carry `secret` in `x-subgraph-secret`: only the gateway knows it. */
export function requireSharedSecret(secret: string): RequestHandler {
  const fromGateway = carriesSecret(SUBGRAPH_SECRET_HEADER, secret);
  return (req, res, next) => {
    if (fromGateway(req)) {
      next();
      return;
    }
    res.status(HTTP_STATUS[ErrorCode.Unauthenticated]).json({
      errors: [{ message: 'Only the gateway may call this subgraph', extensions: { code: ErrorCode.Unauthenticated } }],
    });
  };
}
