import os from 'node:os';
import { z } from 'zod';
import { SUBGRAPH_NAMES, loadEnv, setting, type Env, type SubgraphName } from '@people/platform';
import { loadSubgraphConfig, type SubgraphConfig } from '@people/subgraph-kit';
import { loadGatewayConfig, type GatewayConfig } from '@people/gateway';
import { loadBridgeConfig, type BridgeConfig } from '@people/rest-bridge';

export interface StackConfig {
  subgraphs: Record<SubgraphName, SubgraphConfig>;
  /** Its subgraph URLs are replaced by those of the subgraphs the stack starts. */
  gateway: GatewayConfig;
  /** Its gateway URL is replaced by that of the gateway the stack starts. */
  bridge: BridgeConfig;
  /** Processes `npm start` runs for the gateway and for the bridge, beside the subgraphs' own. */
  workers: { gateway: number; bridge: number };
}

/**
 * The subgraphs' process (it owns the store) keeps one core; the rest is split evenly between the
 * gateway and the bridge, whose CPU per request is alike. At least one of each.
 */
export function defaultWorkers(cores: number): number {
  return Math.max(1, Math.ceil((cores - 1) / 2));
}

/** Every service's settings, read from one environment. */
export function loadStackConfig(env: Env = process.env): StackConfig {
  const fallback = defaultWorkers(os.availableParallelism());
  const raw = loadEnv(
    z.object({
      STACK_GATEWAY_WORKERS: setting.positiveInt(fallback),
      STACK_BRIDGE_WORKERS: setting.positiveInt(fallback),
    }),
    env,
  );
  return {
    subgraphs: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, loadSubgraphConfig(name, env)])) as Record<
      SubgraphName,
      SubgraphConfig
    >,
    gateway: loadGatewayConfig(env),
    bridge: loadBridgeConfig(env),
    workers: { gateway: raw.STACK_GATEWAY_WORKERS, bridge: raw.STACK_BRIDGE_WORKERS },
  };
}
