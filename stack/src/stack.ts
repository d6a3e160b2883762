import { start as startGateway } from '@people/gateway';
import { start as startBridge } from '@people/rest-bridge';
import {
  SUBGRAPH_NAMES,
  createLogger,
  openPeopleDao,
  openPhotoStore,
  type LoggerOptions,
  type SubgraphName,
} from '@people/shared';
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
    bridge: { create: string; read: string; update: string; delete: string };
    /** Each service's `GET /metrics`, for those whose metrics are on. */
    metrics: Record<string, string>;
  };
  close(): Promise<void>;
}

/**
 * Starts every service in this process over one store (the embedded store belongs to one
 * process). Closes in the reverse order: clients' entry points first, the store last.
 */
export async function startStack(
  config: StackConfig,
  options: { logDestination?: LoggerOptions['destination'] } = {},
): Promise<StackHandle> {
  const destination = options.logDestination ? { destination: options.logDestination } : {};
  const first = config.subgraphs.create;
  const dao = await openPeopleDao(first.store);
  // One photo store for all: the gateway serves the local one, the subgraphs write to it.
  const photos = openPhotoStore(config.gateway.photos);
  const closers: (() => Promise<void>)[] = [() => dao.close()];
  const close = async () => {
    for (const closeOne of closers.splice(0).reverse()) await closeOne();
  };
  try {
    const subgraphUrls = {} as Record<SubgraphName, string>;
    const metricsUrls: Record<string, string> = {};
    for (const name of SUBGRAPH_NAMES) {
      const subgraphConfig = config.subgraphs[name];
      const logger = createLogger({ service: `subgraph-${name}`, level: subgraphConfig.logLevel, ...destination });
      const handle = await SUBGRAPH_STARTERS[name](subgraphConfig, { dao, logger, photos });
      closers.push(() => handle.close());
      subgraphUrls[name] = handle.url;
      if (handle.metricsUrl) metricsUrls[`subgraph-${name}`] = handle.metricsUrl;
    }
    const gateway = await startGateway(
      { ...config.gateway, subgraphUrls },
      createLogger({ service: 'gateway', level: config.gateway.logLevel, ...destination }),
    );
    closers.push(() => gateway.close());
    if (gateway.metricsUrl) metricsUrls.gateway = gateway.metricsUrl;
    // A gateway on all interfaces prints as localhost; the bridge dials it over IPv4 loopback.
    const gatewayUrl = gateway.url.replace('//localhost:', '//127.0.0.1:');
    const bridge = await startBridge(
      { ...config.bridge, gatewayUrl },
      createLogger({ service: 'rest-bridge', level: config.bridge.logLevel, ...destination }),
    );
    closers.push(() => bridge.close());
    if (bridge.metricsUrl) metricsUrls['rest-bridge'] = bridge.metricsUrl;
    return {
      urls: { gateway: gateway.url, subgraphs: subgraphUrls, bridge: bridge.urls, metrics: metricsUrls },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
