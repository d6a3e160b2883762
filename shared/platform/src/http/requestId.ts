import type { RequestHandler } from 'express';
import { REQUEST_ID_HEADER, requestIdFrom, runWithRequestId } from '../logging';

/** Takes the client's `x-request-id` (or makes one), echoes it, and keeps it for every log line of the request. */
export function requestIdMiddleware(): RequestHandler {
  return (req, res, next) => {
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    req.headers[REQUEST_ID_HEADER] = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    runWithRequestId(requestId, next);
  };
}
