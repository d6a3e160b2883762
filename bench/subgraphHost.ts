/**
 * The four subgraphs in one process over one shared store: how the embedded store runs in
 * production (it belongs to one process). Settings come from the environment, as in each
 * subgraph's own `main.ts`; SIGTERM closes the subgraphs, then the store.
 */
import { SUBGRAPH_NAMES, createLogger, runUntilSignalled } from '@people/platform';
import { loadPhotoConfig, openPeopleDao, openPhotoStore } from '@people/store';
import { loadSubgraphConfig } from '@people/subgraph-kit';
import { start as startCreate } from '@people/subgraph-create';
import { start as startDelete } from '@people/subgraph-delete';
import { start as startRead } from '@people/subgraph-read';
import { start as startUpdate } from '@people/subgraph-update';

const STARTERS = { create: startCreate, read: startRead, update: startUpdate, delete: startDelete };

const first = loadSubgraphConfig('create');
const hostLogger = createLogger({ service: 'subgraphs', level: first.logLevel });

void runUntilSignalled(hostLogger, async () => {
  const dao = await openPeopleDao(first.store);
  const photos = openPhotoStore(loadPhotoConfig());
  const handles: { close(): Promise<void> }[] = [];
  const close = async () => {
    for (const handle of handles.splice(0).reverse()) await handle.close();
    await dao.close();
  };
  try {
    for (const name of SUBGRAPH_NAMES) {
      const config = loadSubgraphConfig(name);
      const logger = createLogger({ service: `subgraph-${name}`, level: config.logLevel });
      handles.push(await STARTERS[name](config, { dao, logger, photos }));
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { close };
});
