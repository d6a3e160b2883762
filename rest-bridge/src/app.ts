import { randomUUID } from 'node:crypto';
import {
  REQUEST_ID_HEADER,
  currentRequestId,
  accessLog,
  healthRoutes,
  requestIdMiddleware,
  runWithRequestId,
  type Logger,
} from '@people/shared';
import express, { type Express, type RequestHandler, type Router } from 'express';
import type { BridgeRole } from './config';
import type { GatewayClient } from './gatewayClient';
import { docsRoutes } from './http/docs';
import { errorHandler, notFoundHandler } from './http/errorHandler';
import { openApiDocument } from './openapi';

/** Body parsers call `next` from stream callbacks: re-enter the request's context for its log lines. */
const keepRequestContext: RequestHandler = (req, _res, next) => {
  const requestId = req.headers[REQUEST_ID_HEADER];
  if (typeof requestId === 'string') runWithRequestId(requestId, next);
  else next();
};

export interface AppParts {
  role: BridgeRole;
  routes: Router;
  gateway: GatewayClient;
  logger: Logger;
}

/** One port's express app: request id, access log, health, docs, its own routes, then errors. */
export function createApp({ role, routes, gateway, logger }: AppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(requestIdMiddleware(), accessLog(logger));
  app.use(healthRoutes(() => gateway.ready(currentRequestId() ?? randomUUID())));
  const document = openApiDocument(role);
  app.use(docsRoutes(document, String((document.info as { title: string }).title)));
  app.use((req, res, next) => {
    keepRequestContext(req, res, next);
  });
  app.use(routes);
  app.use(notFoundHandler());
  app.use(errorHandler(logger));
  return app;
}
