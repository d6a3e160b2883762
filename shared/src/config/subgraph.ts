import { isIP } from 'node:net';
import { z } from 'zod';
import { loadRuntimeConfig, loadStoreConfig, type RuntimeConfig, type StoreConfig } from './common';
import { loadPhotoConfig, loadUploadTimeouts, type PhotoConfig } from '../photos/config';
import type { UploadTimeouts } from '../photos/multipartUpload';
import { ConfigError, loadEnv, setting, type Env } from './loadConfig';
import { loadMetricsConfig, type MetricsConfig } from '../metrics/config';

export const SUBGRAPH_NAMES = ['create', 'read', 'update', 'delete'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export const SUBGRAPH_DEFAULT_PORTS: Record<SubgraphName, number> = {
  create: 4001,
  read: 4002,
  update: 4003,
  delete: 4004,
};

/** A host that only this machine can reach: `localhost`, 127.0.0.0/8 or ::1. */
function isLoopbackHost(host: string): boolean {
  const address = host.replace(/^\[(.*)\]$/, '$1').replace(/^::ffff:/i, '');
  if (address === 'localhost' || address === '::1') return true;
  return isIP(address) === 4 && address.startsWith('127.');
}

/**
 * Refuses to start a subgraph that would listen beyond loopback without a secret: anyone who
 * reached its port would read and write every person with no token and past every limit.
 */
export function assertSubgraphNotExposed(host: string, sharedSecret: string | undefined): void {
  if (sharedSecret !== undefined || isLoopbackHost(host)) return;
  throw new ConfigError([
    `SUBGRAPH_SHARED_SECRET: required (16+ characters, the same for the gateway) when SUBGRAPH_HOST is not loopback (got '${host}'); without it anyone who reaches a subgraph's port bypasses the gateway`,
  ]);
}

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
