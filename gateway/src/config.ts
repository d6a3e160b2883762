import { z } from 'zod';
import {
  SUBGRAPH_DEFAULT_PORTS,
  loadEnv,
  loadPhotoConfig,
  loadRuntimeConfig,
  setting,
  type Env,
  type PhotoConfig,
  type RuntimeConfig,
  type SubgraphName,
} from '@people/shared';

export interface GatewayConfig extends RuntimeConfig {
  host: string;
  port: number;
  /** Where each subgraph's `/graphql` is; overrides the URLs written in the supergraph. */
  subgraphUrls: Record<SubgraphName, string>;
  /** Introspection and the Apollo Sandbox landing page. */
  introspection: boolean;
  /** Bound on one request to a subgraph. */
  subgraphTimeoutMs: number;
  shutdownGraceMs: number;
  /** Local photos are served at `/photos/<key>`; Cloudinary's are not the gateway's business. */
  photos: PhotoConfig;
}

const subgraphUrl = (name: SubgraphName) =>
  setting.url().default(`http://127.0.0.1:${SUBGRAPH_DEFAULT_PORTS[name]}/graphql`);

export function loadGatewayConfig(env: Env = process.env): GatewayConfig {
  const runtime = loadRuntimeConfig(env);
  const raw = loadEnv(
    z.object({
      GATEWAY_HOST: setting.host('0.0.0.0'),
      GATEWAY_PORT: setting.port(4000),
      GATEWAY_INTROSPECTION: setting.flag(!runtime.production),
      SUBGRAPH_TIMEOUT_MS: setting.positiveInt(10_000),
      SHUTDOWN_GRACE_MS: setting.positiveInt(10_000),
      CREATE_SUBGRAPH_URL: subgraphUrl('create'),
      READ_SUBGRAPH_URL: subgraphUrl('read'),
      UPDATE_SUBGRAPH_URL: subgraphUrl('update'),
      DELETE_SUBGRAPH_URL: subgraphUrl('delete'),
    }),
    env,
  );
  return {
    ...runtime,
    host: raw.GATEWAY_HOST,
    port: raw.GATEWAY_PORT,
    introspection: raw.GATEWAY_INTROSPECTION,
    subgraphTimeoutMs: raw.SUBGRAPH_TIMEOUT_MS,
    shutdownGraceMs: raw.SHUTDOWN_GRACE_MS,
    photos: loadPhotoConfig(env),
    subgraphUrls: {
      create: raw.CREATE_SUBGRAPH_URL,
      read: raw.READ_SUBGRAPH_URL,
      update: raw.UPDATE_SUBGRAPH_URL,
      delete: raw.DELETE_SUBGRAPH_URL,
    },
  };
}
