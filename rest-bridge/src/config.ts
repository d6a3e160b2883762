import { z } from 'zod';
import { PLACEHOLDER_PHOTO_URL, TRUSTED_PAGE_SIZE } from '@people/domain';
import {
  loadAuthConfig,
  loadEnv,
  loadHttpSecurityConfig,
  loadMetricsConfig,
  loadRuntimeConfig,
  loadUploadTimeouts,
  setting,
  type AuthConfig,
  type Env,
  type HttpSecurityConfig,
  type MetricsConfig,
  type RuntimeConfig,
  type UploadTimeouts,
} from '@people/platform';
import { REST_COMPAT_MODES, type RestCompat } from './dialect/restCompat';

export const BRIDGE_ROLES = ['create', 'read', 'update', 'delete'] as const;
export type BridgeRole = (typeof BRIDGE_ROLES)[number];

export interface BridgeConfig extends RuntimeConfig {
  host: string;
  ports: Record<BridgeRole, number>;
  /** The gateway's `/graphql` URL; every piece of work is an operation sent there. */
  gatewayUrl: string;
  /** Bound on one call to the gateway (connect, headers and body). */
  gatewayTimeoutMs: number;
  /** Most keep-alive connections kept open to the gateway. */
  gatewayConnections: number;
  /** Most connections relaying photo uploads to the gateway, apart from `gatewayConnections`. */
  uploadConnections: number;
  /** Bounds on a photo upload, which is not bound by `gatewayTimeoutMs`. */
  uploads: UploadTimeouts;
  /** `legacy`: answer as the older FastAPI services did; `strict`: 409 for a taken document id, 413 for too large a body or photo, 415 for a wrong content type. */
  compat: RestCompat;
  /** Returned as `photo_url` for people without a photo. */
  photoPlaceholderUrl: string;
  /** Largest JSON body accepted, in bytes-parser notation (`16kb`). */
  jsonLimit: string;
  /** Base of the `Location` header on create; derived from the request's host and the read port when unset. */
  publicReadUrl?: string;
  shutdownGraceMs: number;
  /** Bearer JWTs required on every route but health and docs; off when undefined. */
  auth?: AuthConfig;
  http: HttpSecurityConfig;
  /** Sent to the gateway as `x-bridge-secret`, so that its rate limit does not count the bridge's calls again, and it serves the list's larger pages. */
  bridgeSecret?: string;
  /** People per gateway call while streaming the whole list; only with `bridgeSecret` (MAX_PAGE_SIZE without). */
  listPageSize: number;
  /** `GET /metrics` on a port of its own (`BRIDGE_METRICS_PORT`); off when undefined. */
  metrics?: MetricsConfig;
}

const byteSize = z.string().regex(/^\d+(b|kb|mb)?$/i, { error: 'must be a size like 16kb' });

export function loadBridgeConfig(env: Env = process.env): BridgeConfig {
  const raw = loadEnv(
    z.object({
      BRIDGE_HOST: setting.host('0.0.0.0'),
      BRIDGE_CREATE_PORT: setting.port(8011),
      BRIDGE_READ_PORT: setting.port(8012),
      BRIDGE_UPDATE_PORT: setting.port(8013),
      BRIDGE_DELETE_PORT: setting.port(8014),
      GATEWAY_URL: setting.url().default('http://127.0.0.1:4000/graphql'),
      BRIDGE_COMPAT: z.enum(REST_COMPAT_MODES, { error: 'must be legacy or strict' }).default('legacy'),
      PHOTO_PLACEHOLDER_URL: setting.url().default(PLACEHOLDER_PHOTO_URL),
      BRIDGE_JSON_LIMIT: byteSize.default('16kb'),
      // Longer than the gateway's bound on a subgraph (SUBGRAPH_TIMEOUT_MS, 10 s), so that the
      // gateway's answer naming a slow subgraph arrives before the bridge gives up on it.
      BRIDGE_GATEWAY_TIMEOUT_MS: setting.positiveInt(15_000),
      BRIDGE_GATEWAY_CONNECTIONS: setting.positiveInt(64),
      BRIDGE_UPLOAD_CONNECTIONS: setting.positiveInt(16),
      BRIDGE_PUBLIC_READ_URL: setting.url().optional(),
      SHUTDOWN_GRACE_MS: setting.positiveInt(10_000),
      BRIDGE_SHARED_SECRET: setting.secret(),
      BRIDGE_LIST_PAGE_SIZE: setting
        .positiveInt(2000)
        .pipe(z.number().max(TRUSTED_PAGE_SIZE, { error: `must be 1 to ${TRUSTED_PAGE_SIZE}` })),
    }),
    env,
  );
  const runtime = loadRuntimeConfig(env);
  const auth = loadAuthConfig(env);
  const metrics = loadMetricsConfig('BRIDGE_METRICS_PORT', env);
  return {
    ...runtime,
    host: raw.BRIDGE_HOST,
    ports: {
      create: raw.BRIDGE_CREATE_PORT,
      read: raw.BRIDGE_READ_PORT,
      update: raw.BRIDGE_UPDATE_PORT,
      delete: raw.BRIDGE_DELETE_PORT,
    },
    gatewayUrl: raw.GATEWAY_URL,
    gatewayTimeoutMs: raw.BRIDGE_GATEWAY_TIMEOUT_MS,
    gatewayConnections: raw.BRIDGE_GATEWAY_CONNECTIONS,
    uploadConnections: raw.BRIDGE_UPLOAD_CONNECTIONS,
    uploads: loadUploadTimeouts(env),
    compat: raw.BRIDGE_COMPAT,
    photoPlaceholderUrl: raw.PHOTO_PLACEHOLDER_URL,
    jsonLimit: raw.BRIDGE_JSON_LIMIT,
    ...(raw.BRIDGE_PUBLIC_READ_URL ? { publicReadUrl: raw.BRIDGE_PUBLIC_READ_URL } : {}),
    shutdownGraceMs: raw.SHUTDOWN_GRACE_MS,
    ...(auth ? { auth } : {}),
    http: loadHttpSecurityConfig(runtime.production, env),
    ...(raw.BRIDGE_SHARED_SECRET ? { bridgeSecret: raw.BRIDGE_SHARED_SECRET } : {}),
    listPageSize: raw.BRIDGE_LIST_PAGE_SIZE,
    ...(metrics ? { metrics } : {}),
  };
}
