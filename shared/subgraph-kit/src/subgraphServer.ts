import type { IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import express from 'express';
import type { DocumentNode } from 'graphql';
import { assertSubgraphNotExposed } from '@people/platform';
import type { PeopleDao } from '@people/store';
import { IDEMPOTENCY_KEY_HEADER, TRUSTED_PAGE_HEADER } from '@people/domain';
import {
  SUBGRAPH_SECRET_HEADER,
  accessLine,
  accessLog,
  carriesSecret,
  healthRoutes,
  listen,
  requestIdMiddleware,
  requireSharedSecret,
} from '@people/platform';
import type { Logger } from '@people/platform';
import type { MetricsConfig } from '@people/platform';
import { graphqlMetricsPlugin } from './graphqlMetricsPlugin';
import { serveMetricsBeside } from '@people/platform';
import type { ServiceMetrics } from '@people/platform';
import { observeHttp } from '@people/platform';
import { PHOTO_MAX_BYTES } from '@people/domain';
import type { UploadTimeouts } from '@people/platform';
import type { PhotoStore } from '@people/store';
import { graphqlUploadMiddleware } from './uploadMiddleware';
import { createSubgraphContext, type SubgraphContext } from './context';
import { formatGraphQLError } from './formatError';
import { requestLevelStatusPlugin } from './graphqlErrors';
import { BODY_LIMIT_BYTES, KnownQueryPath } from './knownQueryPath';

/** The resolver map `buildSubgraphSchema` takes, named through its public signature. */
type SubgraphModules = Extract<Parameters<typeof buildSubgraphSchema>[0], readonly unknown[]>;
type SubgraphResolverMap = NonNullable<Extract<SubgraphModules[number], { resolvers?: unknown }>['resolvers']>;

export interface SubgraphServerConfig {
  host: string;
  port: number;
  production: boolean;
  /** How long in-flight requests may run on at shutdown. */
  shutdownGraceMs: number;
  /** When set, only requests carrying it reach `/graphql`. */
  sharedSecret?: string;
  /** Bounds on a photo upload, for a subgraph that takes them. */
  uploads: UploadTimeouts;
  /** Where `GET /metrics` is served, given the metrics to serve. */
  metrics?: MetricsConfig;
}

export interface SubgraphDefinition {
  name: string;
  typeDefs: DocumentNode;
  /** The generated `Resolvers` of the subgraph. */
  resolvers: object;
  /** Whether `/graphql` takes GraphQL multipart requests (the update subgraph's photo). */
  acceptsUploads?: boolean;
}

export interface SubgraphHandle {
  /** The GraphQL endpoint, `http://host:port/graphql`. */
  url: string;
  /** `http://host:port/metrics`, when metrics are on. */
  metricsUrl?: string;
  close(): Promise<void>;
}

/**
 * Serves one subgraph over HTTP at `/graphql` with health routes. The DAO is the caller's: it is
 * shared when several subgraphs run in one process, so closing the subgraph leaves it open.
 */
export async function startSubgraphServer(
  definition: SubgraphDefinition,
  config: SubgraphServerConfig,
  dao: PeopleDao,
  logger: Logger,
  photos: PhotoStore,
  metrics?: ServiceMetrics,
): Promise<SubgraphHandle> {
  assertSubgraphNotExposed(config.host, config.sharedSecret);
  const schema = buildSubgraphSchema([
    {
      typeDefs: definition.typeDefs,
      // Codegen's federation resolver types put `info` where Apollo's map puts `context`; the
      // shapes agree at run time, so this is the one place the two type systems meet.
      resolvers: definition.resolvers as SubgraphResolverMap,
    },
  ]);
  const contextOf = (req: IncomingMessage) =>
    createSubgraphContext(
      dao,
      logger,
      photos,
      req.headers[IDEMPOTENCY_KEY_HEADER],
      req.headers[TRUSTED_PAGE_HEADER] === '1',
    );
  const app = express();
  // The hot path, queries the gateway has sent before, is answered below express (knownQueryPath.ts).
  const knownQueries = new KnownQueryPath({
    path: '/graphql',
    schema,
    general: app,
    context: contextOf,
    fromGateway: config.sharedSecret ? carriesSecret(SUBGRAPH_SECRET_HEADER, config.sharedSecret) : undefined,
    accessLine: accessLine(logger),
    metrics,
  });
  const apollo = new ApolloServer<SubgraphContext>({
    schema,
    includeStacktraceInErrorResponses: !config.production,
    formatError: formatGraphQLError(config.production, logger),
    csrfPrevention: true,
    // Shutdown is ours (close(): drain HTTP, then stop Apollo), not Apollo's own signal handler.
    stopOnTerminationSignals: false,
    // Federated inline traces (ftv1), only for a request whose apollo-federation-include-trace
    // header asks: a router or gateway that reports field timings. Error texts stay out of them.
    // No schema sets cache hints, and the cache-control plugin would run a hook on every field.
    plugins: [
      ApolloServerPluginInlineTrace({ includeErrors: { masked: true } }),
      ApolloServerPluginCacheControlDisabled(),
      requestLevelStatusPlugin(),
      knownQueries.plugin(),
      ...(metrics ? [graphqlMetricsPlugin(metrics)] : []),
    ],
  });
  await apollo.start();

  app.disable('x-powered-by');
  // Answers to POSTs: a validator nobody can send back, computed over every body.
  app.set('etag', false);
  app.use(
    requestIdMiddleware(),
    observeHttp({ service: `subgraph-${definition.name}`, ...(metrics ? { metrics } : {}) }),
  );
  app.use(accessLog(logger));
  app.use(healthRoutes(() => dao.ping()));
  app.use(
    '/graphql',
    ...(config.sharedSecret ? [requireSharedSecret(config.sharedSecret)] : []),
    knownQueries.jsonBody(express.json({ limit: BODY_LIMIT_BYTES })),
    ...(definition.acceptsUploads
      ? [graphqlUploadMiddleware({ maxFileBytes: PHOTO_MAX_BYTES, timeouts: config.uploads })]
      : []),
    expressMiddleware(apollo, { context: ({ req }) => Promise.resolve(contextOf(req)) }),
  );

  const listening = await listen(knownQueries.listener, { host: config.host, port: config.port });
  const metricsServer = await serveMetricsBeside(metrics, config.metrics, async () => {
    await listening.close(0);
    await apollo.stop();
  });
  const url = `${listening.origin}/graphql`;
  const metricsUrl = metricsServer && `${metricsServer.origin}/metrics`;
  logger.info({ url, ...(metricsUrl ? { metricsUrl } : {}) }, `${definition.name} subgraph listening`);
  return {
    url,
    ...(metricsUrl ? { metricsUrl } : {}),
    async close() {
      await listening.close(config.shutdownGraceMs);
      await apollo.stop();
      await metricsServer?.close(0);
    },
  };
}
