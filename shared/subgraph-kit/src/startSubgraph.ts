import type { SubgraphConfig } from './subgraphConfig';
import { openPeopleDao, type PeopleDao } from '@people/store';
import { createLogger, type Logger } from '@people/platform';
import { ServiceMetrics } from '@people/platform';
import { observeDao, observePhotoStore } from '@people/store';
import { openPhotoStore } from '@people/store';
import type { PhotoStore } from '@people/store';
import { startSubgraphServer, type SubgraphDefinition, type SubgraphHandle } from './subgraphServer';
import { subgraphTypeDefs } from './typeDefs';

/** What several services in one process share; a subgraph started alone opens its own. */
export interface SubgraphDeps {
  dao: PeopleDao;
  logger: Logger;
  /** Opened from the config when not given. */
  photos?: PhotoStore;
}

/**
 * Starts one subgraph. With `deps` it borrows the store (the all-in-one launcher shares one);
 * without, it opens the store its config names and closes it last on `close()`.
 */
export async function startSubgraph(
  definition: SubgraphDefinition,
  config: SubgraphConfig,
  deps?: SubgraphDeps,
): Promise<SubgraphHandle> {
  const service = `subgraph-${definition.name}`;
  const logger = deps?.logger ?? createLogger({ service, level: config.logLevel });
  const photos = deps?.photos ?? openPhotoStore(config.photos);
  const dao = deps?.dao ?? (await openPeopleDao(config.store));
  const metrics = config.metrics ? new ServiceMetrics(service) : undefined;
  try {
    const handle = await startSubgraphServer(
      definition,
      config,
      observeDao(dao, config.store.kind, metrics),
      logger,
      observePhotoStore(photos, metrics),
      metrics,
    );
    return {
      ...handle,
      async close() {
        await handle.close();
        if (!deps) await dao.close();
      },
    };
  } catch (error) {
    if (!deps) await dao.close();
    throw error;
  }
}

export interface Subgraph {
  definition: SubgraphDefinition;
  start: (config: SubgraphConfig, deps?: SubgraphDeps) => Promise<SubgraphHandle>;
}

/** A subgraph from its schema file (beside the shared Person type) and its resolvers. */
export function defineSubgraph(options: Omit<SubgraphDefinition, 'typeDefs'> & { schemaPath: string }): Subgraph {
  const { schemaPath, ...rest } = options;
  const definition: SubgraphDefinition = { ...rest, typeDefs: subgraphTypeDefs(schemaPath) };
  return { definition, start: (config, deps) => startSubgraph(definition, config, deps) };
}
