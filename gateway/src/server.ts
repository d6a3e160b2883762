import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import { IDEMPOTENCY_KEY_HEADER, PHOTO_MAX_BYTES, ErrorCode, PeopleError } from '@people/domain';
import {
  REQUEST_ID_HEADER,
  ServiceMetrics,
  accessLog,
  BRIDGE_SECRET_HEADER,
  ClientRateLimit,
  accessLine,
  carriesSecret,
  clientAddressOf,
  corsPolicy,
  headersSetBy,
  createLogger,
  AUTH_OFF_WARNING,
  createTokenVerifier,
  healthRoutes,
  listen,
  openRateLimitState,
  observeHttp,
  requestIdMiddleware,
  securityHeaders,
  serveMetricsBeside,
  tracingOn,
  type Logger,
  type SubgraphName,
} from '@people/platform';
import {
  formatGraphQLError,
  graphqlUploadForwardMiddleware,
  requestLevelStatusPlugin,
  graphqlMetricsPlugin,
} from '@people/subgraph-kit';
import express from 'express';
import { bytesOf, type GatewayConfig } from './config';
import { authenticate, requirePrincipal } from './auth/authenticate';
import { scopePlugin } from './auth/scopePlugin';
import type { GatewayContext } from './context';
import { gatewayErrorHandler, sendGraphQLError } from './http/graphqlErrors';
import { graphiqlAssetRoutes, graphiqlLandingPage } from './http/graphiql';
import { SANDBOX_CSP_DIRECTIVES } from './http/sandboxCsp';
import { operationLimits } from './limits';
import { SingleFetchFastPath } from './fastPath/fastPathGateway';
import { KnownOperationPath } from './fastPath/knownOperationPath';
import { photoRoutes } from './photoRoutes';
import { SubgraphDataSource } from './subgraphDataSource';
import { timedFetcher } from './subgraphFetchMetrics';
import { subgraphTracesPlugin } from './subgraphTraces';
import { readSupergraph } from './supergraph/supergraphFile';

/** GraphiQL (local files) or Apollo Sandbox (Apollo's CDN) while introspection is on; nothing otherwise. */
function landingPagePlugin(config: GatewayConfig): ApolloServerPlugin {
  if (!config.introspection) return ApolloServerPluginLandingPageDisabled();
  return config.landingPage === 'sandbox'
    ? ApolloServerPluginLandingPageLocalDefault({ embed: true })
    : graphiqlLandingPage();
}

export interface GatewayHandle {
  /** `http://host:port/graphql`. */
  url: string;
  /** `http://host:port/metrics`, when metrics are on. */
  metricsUrl?: string;
  close(): Promise<void>;
}

async function subgraphsReady(urls: Record<SubgraphName, string>): Promise<void> {
  const failures: string[] = [];
  await Promise.all(
    Object.entries(urls).map(async ([name, url]) => {
      try {
        const response = await fetch(new URL('/readyz', url), { signal: AbortSignal.timeout(1500) });
        if (!response.ok) failures.push(name);
      } catch {
        failures.push(name);
      }
    }),
  );
  if (failures.length > 0) throw new Error(`not ready: ${failures.sort().join(', ')}`);
}

/** Serves the checked-in supergraph at `/graphql`, routing each operation to the subgraphs. */
export async function start(
  config: GatewayConfig,
  logger: Logger = createLogger({ service: 'gateway', level: config.logLevel }),
): Promise<GatewayHandle> {
  const dataSources: SubgraphDataSource[] = [];
  const metrics = config.metrics ? new ServiceMetrics('gateway') : undefined;
  const supergraphSdl = readSupergraph();
  // Subgraph traces are read from the query plan's trace, and OpenTelemetry's plan and fetch spans
  // come from the general executor: with either on, every operation goes through it.
  const fastPath = config.subgraphTraces || tracingOn() ? undefined : new SingleFetchFastPath(supergraphSdl);
  const gateway = new ApolloGateway({
    supergraphSdl,
    // Its spans (request, plan, each fetch) carry no document and no error message: both can hold personal data.
    telemetry: { includeDocument: false, recordExceptions: false },
    buildService: ({ name }) => {
      const dataSource = new SubgraphDataSource(
        name,
        config.subgraphUrls[name as SubgraphName],
        config.subgraphTimeoutMs,
        logger,
        config.uploads.totalMs,
        config.subgraphSecret,
      );
      if (metrics) dataSource.fetcher = timedFetcher(dataSource.fetcher, name, metrics);
      dataSources.push(dataSource);
      return fastPath ? fastPath.dataSource(name, dataSource) : dataSource;
    },
  });
  const limits = operationLimits(config.limits);
  const apollo = new ApolloServer<GatewayContext>({
    gateway: fastPath ? fastPath.gateway(gateway) : gateway,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: !config.production,
    formatError: formatGraphQLError(config.production, logger, {
      hideSuggestions: config.limits.blockFieldSuggestions,
    }),
    csrfPrevention: true,
    // Shutdown is ours (close(): drain HTTP, then stop Apollo), not Apollo's own signal handler.
    stopOnTerminationSignals: false,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    plugins: [
      landingPagePlugin(config),
      ...limits.plugins,
      requestLevelStatusPlugin(),
      ...(config.auth ? [scopePlugin()] : []),
      ...(config.subgraphTraces ? [subgraphTracesPlugin(logger)] : []),
      ...(metrics ? [graphqlMetricsPlugin(metrics)] : []),
    ],
  });
  await apollo.start();

  const rateLimits = openRateLimitState(config.http, logger);
  // Only the bridge's own credential, never an address: one would also match every client of a
  // reverse proxy on the same host.
  const fromBridge = config.bridgeSecret ? carriesSecret(BRIDGE_SECRET_HEADER, config.bridgeSecret) : undefined;
  const app = express();
  app.disable('x-powered-by');
  // Answers to POSTs: a validator nobody can send back, computed over every body.
  app.set('etag', false);
  app.set('trust proxy', config.http.trustProxy);
  app.use(requestIdMiddleware(), observeHttp({ service: 'gateway', ...(metrics ? { metrics } : {}) }));
  app.use(accessLog(logger));
  // Photos are meant to be shown on other sites' pages; everything else is JSON behind CORS.
  const security = securityHeaders({
    crossOriginResources: true,
    ...(config.introspection && config.landingPage === 'sandbox' ? { extraDirectives: SANDBOX_CSP_DIRECTIVES } : {}),
  });
  app.use(security);
  app.use(healthRoutes(() => subgraphsReady(config.subgraphUrls)));
  // Before the limiter, so that a browser can read a 429 too.
  const cors = corsPolicy(config.http.corsOrigins);
  app.use('/graphql', cors);
  const rateLimit = new ClientRateLimit(
    config.http.rateLimitPerMinute,
    (_req, res, retryAfter) => {
      metrics?.rateLimited();
      sendGraphQLError(
        res,
        new PeopleError(ErrorCode.TooManyRequests, `Too many requests; try again in ${retryAfter} seconds`, {
          retryAfterSeconds: retryAfter,
        }),
      );
    },
    {
      ...(fromBridge ? { exempt: fromBridge } : {}),
      store: rateLimits.store('gateway'),
      logger,
    },
  );
  app.use(rateLimit.handler);
  if (config.photos.kind === 'local') app.use(photoRoutes(config.photos.dir));
  if (config.introspection && config.landingPage === 'graphiql') app.use(graphiqlAssetRoutes());
  const verifier = config.auth ? createTokenVerifier(config.auth) : undefined;
  const knownOperations =
    fastPath &&
    new KnownOperationPath({
      path: '/graphql',
      bodyLimitBytes: bytesOf(config.bodyLimit),
      fastPath,
      sources: new Map(dataSources.map((source) => [source.name, source])),
      general: app,
      // Apollo Server's own header on an answer without a cache policy, which no subgraph here sets.
      fixedHeaders: new Map([...headersSetBy([security, cors]), ['cache-control', 'no-store']]),
      rateLimit,
      clientIp: clientAddressOf(app),
      verifier,
      fromBridge,
      maxCost: config.limits.maxCost,
      accessLine: accessLine(logger),
      metrics,
      logger,
    });
  const jsonBody = express.json({ limit: config.bodyLimit });
  app.use(
    '/graphql',
    ...(verifier ? [authenticate(verifier, { landingPage: config.introspection })] : []),
    knownOperations ? knownOperations.jsonBody(jsonBody) : jsonBody,
    graphqlUploadForwardMiddleware({ maxFileBytes: PHOTO_MAX_BYTES, timeouts: config.uploads }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const idempotencyKey = req.get(IDEMPOTENCY_KEY_HEADER);
        const prefetched = knownOperations?.prefetched(req);
        return {
          requestId: req.headers[REQUEST_ID_HEADER] as string | undefined,
          ...(verifier ? { principal: await requirePrincipal(req, verifier) } : {}),
          ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
          ...(fromBridge?.(req) ? { trustedBridge: true } : {}),
          ...(prefetched ? { prefetched } : {}),
        };
      },
    }),
  );
  app.use(gatewayErrorHandler(logger));

  const listening = await listen(knownOperations ? knownOperations.listener : app, {
    host: config.host,
    port: config.port,
  });
  const metricsServer = await serveMetricsBeside(metrics, config.metrics, async () => {
    await listening.close(0);
    await apollo.stop();
  });
  const url = `${listening.origin}/graphql`;
  const metricsUrl = metricsServer && `${metricsServer.origin}/metrics`;
  logger.info({ url, ...(metricsUrl ? { metricsUrl } : {}) }, 'gateway listening');
  if (config.production && !config.auth) logger.warn(AUTH_OFF_WARNING);
  return {
    url,
    ...(metricsUrl ? { metricsUrl } : {}),
    async close() {
      await listening.close(config.shutdownGraceMs);
      await apollo.stop();
      await Promise.all(dataSources.map((dataSource) => dataSource.close()));
      await rateLimits.close();
      await metricsServer?.close(0);
    },
  };
}
