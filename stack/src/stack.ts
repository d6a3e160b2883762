import { start as startGateway } from '@people/gateway';
import { SUBGRAPH_NAMES, createLogger, openPeopleDao, type SubgraphName } from '@people/shared';
import { start as startCreate } from '@people/subgraph-create';
import { start as startDelete } from '@people/subgraph-delete';
import { start as startRead } from '@people/subgraph-read';
import { start as startUpdate } from '@people/subgraph-update';
import type { StackConfig } from './config';

const SUBGRAPH_STARTERS = { create: startCreate, read: startRead, update: startUpdate, delete: startDelete };

export interface StackHandle {
  urls: {
    gateway: string;
    subgraphs: Record<SubgraphName, string>;
  };
  close(): Promise<void>;
}

/**
 * Starts every service in this process over one store (the embedded store belongs to one
 * process). Closes in the reverse order: clients' entry points first, the store last.
 */
export async function startStack(config: StackConfig): Promise<StackHandle> {
  const first = config.subgraphs.create;
  const dao = await openPeopleDao(first.store);
  const closers: (() => Promise<void>)[] = [() => dao.close()];
  const close = async () => {
    for (const closeOne of closers.splice(0).reverse()) await closeOne();
  };
  try {
    const subgraphUrls = {} as Record<SubgraphName, string>;
    for (const name of SUBGRAPH_NAMES) {
      const subgraphConfig = config.subgraphs[name];
      const logger = createLogger({ service: `subgraph-${name}`, level: subgraphConfig.logLevel });
      const handle = await SUBGRAPH_STARTERS[name](subgraphConfig, { dao, logger });
      closers.push(() => handle.close());
      subgraphUrls[name] = handle.url;
    }
    const gateway = await startGateway({ ...config.gateway, subgraphUrls });
    closers.push(() => gateway.close());
    return { urls: { gateway: gateway.url, subgraphs: subgraphUrls }, close };
  } catch (error) {
    await close();
    throw error;
  }
}
