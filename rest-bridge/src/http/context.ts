import { REQUEST_ID_HEADER, requestIdFrom } from '@people/shared';
import type { Request, Response } from 'express';
import type { CallOptions } from '../gatewayClient';

/** The request id and a signal that fires when the client goes away before its answer is sent. */
export function callOptions(req: Request, res: Response): CallOptions {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return { requestId: requestIdFrom(req.headers[REQUEST_ID_HEADER]), signal: controller.signal };
}
