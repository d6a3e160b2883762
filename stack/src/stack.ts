import { randomBytes } from 'node:crypto';
import { start as startGateway } from '@people/gateway';
import { start as startBridge } from '@people/rest-bridge';
import { createLogger, type LoggerOptions, type SubgraphName } from '@people/platform';
import type { StackConfig } from './config';
import { startSubgraphs } from './subgraphs';

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

/** A gateway on all interfaces prints as localhost; the bridge dials it over IPv4 loopback. */
export function loopbackUrl(url: string): string {
  return url.replace('//localhost:', '//127.0.0.1:');
}

/**
 * Starts every service in this process over one store (the tests' stack; `npm start` spreads
 * them over processes, see supervisor.ts). Closes in the reverse order: clients' entry points
 * first, the store last.
 */
export async function startStack(
  config: StackConfig,
  options: { logDestination?: LoggerOptions['destination'] } = {},
): Promise<StackHandle> {
  const destination = options.logDestination ? { destination: options.logDestination } : {};
  const subgraphs = await startSubgraphs(config, options);
  const closers: (() => Promise<void>)[] = [() => subgraphs.close()];
  const close = async () => {
    for (const closeOne of closers.splice(0).reverse()) await closeOne();
  };
  try {
    // The bridge proves itself to the gateway's rate limit with a credential made for this run,
    // unless BRIDGE_SHARED_SECRET names one.
    const bridgeSecret = randomBytes(24).toString('base64url');
    const metricsUrls: Record<string, string> = { ...subgraphs.metricsUrls };
    const gateway = await startGateway(
      { bridgeSecret, ...config.gateway, subgraphUrls: subgraphs.urls },
      createLogger({ service: 'gateway', level: config.gateway.logLevel, ...destination }),
    );
    closers.push(() => gateway.close());
    if (gateway.metricsUrl) metricsUrls.gateway = gateway.metricsUrl;
    const bridge = await startBridge(
      { bridgeSecret, ...config.bridge, gatewayUrl: loopbackUrl(gateway.url) },
      createLogger({ service: 'rest-bridge', level: config.bridge.logLevel, ...destination }),
    );
    closers.push(() => bridge.close());
    if (bridge.metricsUrl) metricsUrls['rest-bridge'] = bridge.metricsUrl;
    return {
      urls: { gateway: gateway.url, subgraphs: subgraphs.urls, bridge: bridge.urls, metrics: metricsUrls },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
