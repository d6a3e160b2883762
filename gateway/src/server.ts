import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import {
  PHOTO_MAX_BYTES,
  REQUEST_ID_HEADER,
  accessLog,
  createLogger,
  formatGraphQLError,
  graphqlUploadMiddleware,
  healthRoutes,
  listen,
  requestIdMiddleware,
  type Logger,
  type SubgraphName,
} from '@people/shared';
import express from 'express';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { photoRoutes } from './photoRoutes';
import { SubgraphDataSource } from './subgraphDataSource';
import { readSupergraph } from './supergraph/compose';

export interface GatewayHandle {
  /** `http://host:port/graphql`. */
  url: string;
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
  const gateway = new ApolloGateway({
    supergraphSdl: readSupergraph(),
    buildService: ({ name }) =>
      new SubgraphDataSource(
        name,
        config.subgraphUrls[name as SubgraphName],
        config.subgraphTimeoutMs,
        logger,
        PHOTO_MAX_BYTES,
      ),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: !config.production,
    formatError: formatGraphQLError(config.production, logger),
    csrfPrevention: true,
    // Shutdown is ours (close(): drain HTTP, then stop Apollo), not Apollo's own signal handler.
    stopOnTerminationSignals: false,
    plugins: [
      config.introspection
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true })
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.use(requestIdMiddleware(), accessLog(logger));
  app.use(healthRoutes(() => subgraphsReady(config.subgraphUrls)));
  if (config.photos.kind === 'local') app.use(photoRoutes(config.photos.dir));
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    // No byte limit in the parser: it would skip the rest of an oversized file by reading it all.
    // The data source forwards at most one byte past the limit and stops reading the upload there.
    graphqlUploadMiddleware({ maxFiles: 1 }),
    expressMiddleware(apollo, {
      context: ({ req }) => Promise.resolve({ requestId: req.headers[REQUEST_ID_HEADER] as string | undefined }),
    }),
  );

  const listening = await listen(app, { host: config.host, port: config.port });
  const url = `${listening.origin}/graphql`;
  logger.info({ url }, 'gateway listening');
  return {
    url,
    async close() {
      await listening.close(config.shutdownGraceMs);
      await apollo.stop();
    },
  };
}
