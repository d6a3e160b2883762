import { randomUUID } from 'node:crypto';
import {
  type RateLimitStore,
  REQUEST_ID_HEADER,
  currentRequestId,
  accessLog,
  corsPolicy,
  healthRoutes,
  observeHttp,
  ClientRateLimit,
  headersSetBy,
  requestIdMiddleware,
  runWithRequestId,
  securityHeaders,
  type HttpSecurityConfig,
  type Logger,
  type ServiceMetrics,
  type TokenVerifier,
} from '@people/platform';
import { type RestCompat } from './dialect/restCompat';
import express, { type Express, type RequestHandler, type Router } from 'express';
import type { BridgeRole } from './config';
import { HttpError } from './errors';
import type { GatewayClient } from './gatewayClient';
import { requireToken } from './http/auth';
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
  http: HttpSecurityConfig;
  compat: RestCompat;
  /** Set when authentication is on. */
  verifier?: TokenVerifier;
  /** Where the rate limit counts: shared by every replica, or this process's own when undefined. */
  rateLimitStore?: RateLimitStore | undefined;
  /** Set when metrics are on; shared by the four ports. */
  metrics?: ServiceMetrics;
}

export interface BridgeApp {
  app: Express;
  /** The app's rate limit, for requests answered below express. */
  rateLimit: ClientRateLimit;
  /** The headers security and CORS give every answer to a request without an Origin. */
  fixedHeaders: ReadonlyMap<string, string>;
}

/**
 * One port's express app: request id, access log, security headers, CORS, health (never limited),
 * the per-client rate limit, docs (open), the token check, its own routes, then errors.
 */
export function createApp({
  role,
  routes,
  gateway,
  logger,
  http,
  compat,
  verifier,
  rateLimitStore,
  metrics,
}: AppParts): BridgeApp {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.set('trust proxy', http.trustProxy);
  app.use(requestIdMiddleware(), observeHttp({ service: 'rest-bridge', ...(metrics ? { metrics } : {}) }));
  app.use(accessLog(logger));
  // Swagger UI loads only same-origin scripts and styles, so helmet's default policy fits it.
  const headerHandlers = [securityHeaders(), corsPolicy(http.corsOrigins)];
  app.use(...headerHandlers);
  app.use(healthRoutes(() => gateway.ready(currentRequestId() ?? randomUUID())));
  const rateLimit = new ClientRateLimit(
    http.rateLimitPerMinute,
    (_req, res, retryAfter) => {
      metrics?.rateLimited();
      const answer = HttpError.tooManyRequests(retryAfter);
      res.status(answer.status).set(answer.headers).json({ detail: answer.detail });
    },
    { store: rateLimitStore, logger },
  );
  app.use(rateLimit.handler);
  const document = openApiDocument(role, compat, { auth: verifier !== undefined });
  app.use(docsRoutes(document, (document.info as { title: string }).title));
  if (verifier) app.use(requireToken(verifier));
  app.use((req, res, next) => {
    keepRequestContext(req, res, next);
  });
  app.use(routes);
  app.use(notFoundHandler());
  app.use(errorHandler(logger, compat));
  return { app, rateLimit, fixedHeaders: headersSetBy(headerHandlers) };
}
