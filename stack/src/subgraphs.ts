import { SUBGRAPH_NAMES, createLogger, type LoggerOptions, type SubgraphName } from '@people/platform';
import { openPeopleDao, openPhotoStore } from '@people/store';
import { start as startCreate } from '@people/subgraph-create';
import { start as startDelete } from '@people/subgraph-delete';
import { start as startRead } from '@people/subgraph-read';
import { start as startUpdate } from '@people/subgraph-update';
import type { StackConfig } from './config';

const SUBGRAPH_STARTERS = { create: startCreate, read: startRead, update: startUpdate, delete: startDelete };

export interface SubgraphsHandle {
  urls: Record<SubgraphName, string>;
  /** Each subgraph's `/metrics`, by service, for those that serve one. */
  metricsUrls: Record<string, string>;
  /** Closes the subgraphs, then the store. */
  close(): Promise<void>;
}

/** The four subgraphs in this process over one store (the embedded store belongs to one process). */
export async function startSubgraphs(
  config: StackConfig,
  options: { logDestination?: LoggerOptions['destination'] } = {},
): Promise<SubgraphsHandle> {
  const destination = options.logDestination ? { destination: options.logDestination } : {};
  const dao = await openPeopleDao(config.subgraphs.create.store);
  // One photo store for all: the gateway serves the local one, the subgraphs write to it.
  const photos = openPhotoStore(config.gateway.photos);
  const closers: (() => Promise<void>)[] = [() => dao.close()];
  const close = async () => {
    for (const closeOne of closers.splice(0).reverse()) await closeOne();
  };
  try {
    const urls = {} as Record<SubgraphName, string>;
    const metricsUrls: Record<string, string> = {};
    for (const name of SUBGRAPH_NAMES) {
      const subgraphConfig = config.subgraphs[name];
      const logger = createLogger({ service: `subgraph-${name}`, level: subgraphConfig.logLevel, ...destination });
      const handle = await SUBGRAPH_STARTERS[name](subgraphConfig, { dao, logger, photos });
      closers.push(() => handle.close());
      urls[name] = handle.url;
      if (handle.metricsUrl) metricsUrls[`subgraph-${name}`] = handle.metricsUrl;
    }
    return { urls, metricsUrls, close };
  } catch (error) {
    await close();
    throw error;
  }
}
