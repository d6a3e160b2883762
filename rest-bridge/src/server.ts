import { MAX_PAGE_SIZE } from '@people/domain';
import {
  accessLine,
  clientAddressOf,
  AUTH_OFF_WARNING,
  ServiceMetrics,
  createLogger,
  createTokenVerifier,
  listen,
  openRateLimitState,
  serveMetrics,
  type ListeningServer,
  type Logger,
} from '@people/platform';
import type { Request } from 'express';
import { createApp } from './app';
import { BRIDGE_ROLES, type BridgeConfig, type BridgeRole } from './config';
import { GatewayClient } from './gatewayClient';
import { PeopleService } from './people.service';
import { createRoutes } from './routes/create.routes';
import { deleteRoutes } from './routes/delete.routes';
import { PersonReadPath, PrefetchedReads } from './routes/personReadPath';
import { readRoutes } from './routes/read.routes';
import { updateRoutes } from './routes/update.routes';

export interface BridgeHandle {
  /** `http://host:port` of each listener. */
  urls: Record<BridgeRole, string>;
  /** `http://host:port/metrics`, when metrics are on. */
  metricsUrl?: string;
  close(): Promise<void>;
}

/** A request other than an upload must arrive whole within this. */
const REQUEST_TIMEOUT_MS = 120_000;

const SAFE_HOSTNAME = /^(?:[A-Za-z0-9-]{1,63}\.)*[A-Za-z0-9-]{1,63}$|^\[[0-9A-Fa-f:.]+\]$/;

/** Starts the four listeners of the REST bridge; every piece of work goes to the gateway. */
export async function start(
  config: BridgeConfig,
  logger: Logger = createLogger({ service: 'rest-bridge', level: config.logLevel }),
): Promise<BridgeHandle> {
  const gateway = new GatewayClient(
    {
      url: config.gatewayUrl,
      timeoutMs: config.gatewayTimeoutMs,
      connections: config.gatewayConnections,
      uploadConnections: config.uploadConnections,
      uploadTimeoutMs: config.uploads.totalMs,
      ...(config.bridgeSecret ? { bridgeSecret: config.bridgeSecret } : {}),
    },
    logger,
  );
  const service = new PeopleService(gateway, config.photoPlaceholderUrl, config.compat);
  const prefetched = new PrefetchedReads();
  let readPort = config.ports.read;
  const readBaseUrl = (req: Request): string => {
    if (config.publicReadUrl) return config.publicReadUrl.replace(/\/+$/, '');
    const hostname = req.hostname && SAFE_HOSTNAME.test(req.hostname) ? req.hostname : 'localhost';
    return `${req.protocol}://${hostname}:${readPort}`;
  };
  const routes = {
    create: createRoutes(service, { jsonLimit: config.jsonLimit, readBaseUrl, compat: config.compat }),
    read: readRoutes(service, {
      compat: config.compat,
      prefetched,
      // Without the secret the gateway cannot tell the bridge from a public client, which gets MAX_PAGE_SIZE.
      everyonePageSize: config.bridgeSecret ? config.listPageSize : MAX_PAGE_SIZE,
    }),
    update: updateRoutes(service, { jsonLimit: config.jsonLimit, uploads: config.uploads, compat: config.compat }),
    delete: deleteRoutes(service, { compat: config.compat }),
  };

  const verifier = config.auth ? createTokenVerifier(config.auth) : undefined;
  const rateLimits = openRateLimitState(config.http, logger);
  const metrics = config.metrics ? new ServiceMetrics('rest-bridge') : undefined;
  const listening: ListeningServer[] = [];
  const close = async () => {
    // Stop accepting and finish in-flight requests on every port, then drop the gateway pool.
    await Promise.all(listening.splice(0).map((server) => server.close(config.shutdownGraceMs)));
    await gateway.close();
    await rateLimits.close();
  };
  const urls = {} as Record<BridgeRole, string>;
  let metricsUrl: string | undefined;
  try {
    for (const role of BRIDGE_ROLES) {
      const { app, rateLimit, fixedHeaders } = createApp({
        role,
        routes: routes[role],
        gateway,
        logger,
        http: config.http,
        compat: config.compat,
        ...(verifier ? { verifier } : {}),
        rateLimitStore: rateLimits.store(`bridge-${role}`),
        ...(metrics ? { metrics } : {}),
      });
      // The REST read, the hot path, is answered below express (routes/personReadPath.ts).
      const listener =
        role === 'read'
          ? new PersonReadPath({
              service,
              prefetched,
              general: app,
              fixedHeaders,
              rateLimit,
              clientIp: clientAddressOf(app),
              verifier,
              accessLine: accessLine(logger),
              metrics,
            }).listener
          : app;
      const server = await listen(listener, {
        host: config.host,
        port: config.ports[role],
        requestTimeoutMs: Math.max(REQUEST_TIMEOUT_MS, config.uploads.totalMs),
        clientErrorBody: (_code, message) => ({ detail: message }),
      });
      listening.push(server);
      urls[role] = server.origin;
      if (role === 'read') readPort = Number(new URL(server.origin).port);
    }
    if (metrics && config.metrics) {
      const metricsServer = await serveMetrics(metrics, config.metrics);
      listening.push(metricsServer);
      metricsUrl = `${metricsServer.origin}/metrics`;
    }
  } catch (error) {
    await close();
    throw error;
  }
  logger.info({ urls, ...(metricsUrl ? { metricsUrl } : {}) }, 'rest bridge listening');
  if (config.production && !config.auth) logger.warn(AUTH_OFF_WARNING);
  return { urls, ...(metricsUrl ? { metricsUrl } : {}), close };
}
