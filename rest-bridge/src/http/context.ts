import type { IncomingMessage, ServerResponse } from 'node:http';
import { REQUEST_ID_HEADER, requestIdFrom } from '@people/platform';
import type { Request, Response } from 'express';
import type { CallOptions } from '../gatewayClient';

/**
 * The request id, a signal that fires when the client goes away before its answer is sent, and
 * what the gateway must see of the caller: its token and its address `ip` (for the gateway's own
 * per-client rate limit, which trusts the bridge as a proxy).
 */
export function callOptionsOf(req: IncomingMessage, res: ServerResponse, ip: string | undefined): CallOptions {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const forwardHeaders: Record<string, string> = {};
  if (req.headers.authorization !== undefined) forwardHeaders.authorization = req.headers.authorization;
  if (ip !== undefined) forwardHeaders['x-forwarded-for'] = ip;
  return { requestId: requestIdFrom(req.headers[REQUEST_ID_HEADER]), signal: controller.signal, forwardHeaders };
}

/** The call options of a request express is answering, from the address express resolved. */
export function callOptions(req: Request, res: Response): CallOptions {
  return callOptionsOf(req, res, req.ip);
}
