import type { SubgraphConfig } from '../config';
import { openPeopleDao, type PeopleDao } from '../dao';
import { createLogger, type Logger } from '../logging';
import { loadPhotoConfig, type PhotoConfig } from '../photos/config';
import { openPhotoStore } from '../photos/openPhotoStore';
import type { PhotoStore } from '../photos/photoStore';
import { startSubgraphServer, type SubgraphDefinition, type SubgraphHandle } from './subgraphServer';

/** What several services in one process share; a subgraph started alone opens its own. */
export interface SubgraphDeps {
  dao: PeopleDao;
  logger: Logger;
  /** Opened from the config (or the environment) when not given. */
  photos?: PhotoStore;
}

/**
 * Starts one subgraph. With `deps` it borrows the store (the all-in-one launcher shares one);
 * without, it opens the store its config names and closes it last on `close()`.
 */
export async function startSubgraph(
  definition: SubgraphDefinition,
  config: SubgraphConfig & { photos?: PhotoConfig },
  deps?: SubgraphDeps,
): Promise<SubgraphHandle> {
  const logger = deps?.logger ?? createLogger({ service: `subgraph-${definition.name}`, level: config.logLevel });
  const photos = deps?.photos ?? openPhotoStore(config.photos ?? loadPhotoConfig());
  const dao = deps?.dao ?? (await openPeopleDao(config.store));
  try {
    const handle = await startSubgraphServer(definition, config, dao, logger, photos);
    return {
      url: handle.url,
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
