import { z } from 'zod';
import { loadRuntimeConfig, loadStoreConfig, type RuntimeConfig, type StoreConfig } from '@people/platform';
import { loadEnv, setting, type Env } from '@people/platform';
import { SUBGRAPH_DEFAULT_PORTS, assertSubgraphNotExposed, type SubgraphName } from '@people/platform';
import { loadMetricsConfig, type MetricsConfig } from '@people/platform';
import { loadPhotoConfig, type PhotoConfig } from '@people/store';
import type { UploadTimeouts } from '@people/platform';
import { loadUploadTimeouts } from '@people/platform';

export interface SubgraphConfig extends RuntimeConfig {
  host: string;
  port: number;
  shutdownGraceMs: number;
  store: StoreConfig;
  /** Where photos go; the update and delete subgraphs write and remove them. */
  photos: PhotoConfig;
  /** Bounds on a photo upload (the update subgraph). */
  uploads: UploadTimeouts;
  /** When set, `/graphql` answers only requests carrying it (from the gateway). */
  sharedSecret?: string;
  /** `GET /metrics` on a port of its own; off when undefined. */
  metrics?: MetricsConfig;
}

/** The settings of one subgraph: `<NAME>_SUBGRAPH_PORT`, `SUBGRAPH_HOST`, the store's and the runtime's. */
export function loadSubgraphConfig(name: SubgraphName, env: Env = process.env): SubgraphConfig {
  const raw = loadEnv(
    z.object({
      SUBGRAPH_HOST: setting.host('127.0.0.1'),
      SHUTDOWN_GRACE_MS: setting.positiveInt(10_000),
      SUBGRAPH_SHARED_SECRET: setting.secret(),
    }),
    env,
  );
  const portKey = `${name.toUpperCase()}_SUBGRAPH_PORT`;
  const ports = loadEnv(z.object({ [portKey]: setting.port(SUBGRAPH_DEFAULT_PORTS[name]) }), env);
  const port = ports[portKey] ?? SUBGRAPH_DEFAULT_PORTS[name];
  assertSubgraphNotExposed(raw.SUBGRAPH_HOST, raw.SUBGRAPH_SHARED_SECRET);
  const metrics = loadMetricsConfig(`${name.toUpperCase()}_SUBGRAPH_METRICS_PORT`, env);
  return {
    ...loadRuntimeConfig(env),
    host: raw.SUBGRAPH_HOST,
    port,
    shutdownGraceMs: raw.SHUTDOWN_GRACE_MS,
    store: loadStoreConfig(env),
    photos: loadPhotoConfig(env),
    uploads: loadUploadTimeouts(env),
    ...(raw.SUBGRAPH_SHARED_SECRET ? { sharedSecret: raw.SUBGRAPH_SHARED_SECRET } : {}),
    ...(metrics ? { metrics } : {}),
  };
}
