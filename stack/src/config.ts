import { SUBGRAPH_NAMES, loadSubgraphConfig, type Env, type SubgraphConfig, type SubgraphName } from '@people/shared';
import { loadGatewayConfig, type GatewayConfig } from '@people/gateway';
import { loadBridgeConfig, type BridgeConfig } from '@people/rest-bridge';

export interface StackConfig {
  subgraphs: Record<SubgraphName, SubgraphConfig>;
  /** Its subgraph URLs are replaced by those of the subgraphs the stack starts. */
  gateway: GatewayConfig;
  /** Its gateway URL is replaced by that of the gateway the stack starts. */
  bridge: BridgeConfig;
}

/** Every service's settings, read from one environment. */
export function loadStackConfig(env: Env = process.env): StackConfig {
  return {
    subgraphs: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, loadSubgraphConfig(name, env)])) as Record<
      SubgraphName,
      SubgraphConfig
    >,
    gateway: loadGatewayConfig(env),
    bridge: loadBridgeConfig(env),
  };
}
