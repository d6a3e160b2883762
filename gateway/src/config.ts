import { z } from 'zod';
import {
  SUBGRAPH_DEFAULT_PORTS,
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
  type SubgraphName,
  type UploadTimeouts,
} from '@people/platform';
import { loadPhotoConfig, type PhotoConfig } from '@people/store';

/** What one operation may ask for; each rejection names the limit it broke. */
export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  maxCost: number;
  /** "Did you mean …?" hints reveal the schema to someone probing it. */
  blockFieldSuggestions: boolean;
}

export interface GatewayConfig extends RuntimeConfig {
  host: string;
  port: number;
  /** Where each subgraph's `/graphql` is; overrides the URLs written in the supergraph. */
  subgraphUrls: Record<SubgraphName, string>;
  /** Introspection and the landing page. */
  introspection: boolean;
  /** The in-browser IDE served when introspection is on: GraphiQL from local files, or Apollo Sandbox from Apollo's CDN. */
  landingPage: LandingPage;
  /** Bound on one request to a subgraph. */
  subgraphTimeoutMs: number;
  shutdownGraceMs: number;
  /** Local photos are served at `/photos/<key>`; Cloudinary's are not the gateway's business. */
  photos: PhotoConfig;
  /** Bounds on a photo upload, which is not bound by `subgraphTimeoutMs`. */
  uploads: UploadTimeouts;
  limits: OperationLimits;
  /** Largest JSON body accepted, in bytes-parser notation (`100kb`). */
  bodyLimit: string;
  /** Bearer JWTs required on every operation; off when undefined. */
  auth?: AuthConfig;
  http: HttpSecurityConfig;
  /** Sent to every subgraph as `x-subgraph-secret`. */
  subgraphSecret?: string;
  /**
   * Requests carrying it in `x-bridge-secret` come from the REST bridge, which limits its own
   * clients and turns one streamed `GET /` into many pages here: the rate limit does not count them.
   */
  bridgeSecret?: string;
  /** Ask each subgraph for its federated trace (ftv1) and log where each call spent its time. */
  subgraphTraces: boolean;
  /** `GET /metrics` on a port of its own (`GATEWAY_METRICS_PORT`), never the public one; off when undefined. */
  metrics?: MetricsConfig;
}

export const LANDING_PAGES = ['graphiql', 'sandbox'] as const;
export type LandingPage = (typeof LANDING_PAGES)[number];

const byteSize = z.string().regex(/^\d+(b|kb|mb)?$/i, { error: 'must be a size like 100kb' });

const UNIT_BYTES: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** A GATEWAY_BODY_LIMIT in bytes, as express's body parser reads it (1kb = 1024 bytes). */
export function bytesOf(size: string): number {
  const [, digits = '0', unit = 'b'] = /^(\d+)([a-z]*)$/i.exec(size) ?? [];
  return Number(digits) * (UNIT_BYTES[unit.toLowerCase()] ?? 1);
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
      GATEWAY_LANDING_PAGE: z
        .enum(LANDING_PAGES, { error: `must be one of ${LANDING_PAGES.join(', ')}` })
        .default('graphiql'),
      SUBGRAPH_TIMEOUT_MS: setting.positiveInt(10_000),
      SHUTDOWN_GRACE_MS: setting.positiveInt(10_000),
      CREATE_SUBGRAPH_URL: subgraphUrl('create'),
      READ_SUBGRAPH_URL: subgraphUrl('read'),
      UPDATE_SUBGRAPH_URL: subgraphUrl('update'),
      DELETE_SUBGRAPH_URL: subgraphUrl('delete'),
      GATEWAY_BODY_LIMIT: byteSize.default('100kb'),
      GATEWAY_MAX_DEPTH: setting.positiveInt(8),
      GATEWAY_MAX_ALIASES: setting.positiveInt(15),
      GATEWAY_MAX_TOKENS: setting.positiveInt(1000),
      GATEWAY_MAX_DIRECTIVES: setting.positiveInt(20),
      GATEWAY_MAX_COST: setting.positiveInt(5000),
      GATEWAY_BLOCK_FIELD_SUGGESTIONS: setting.flag(runtime.production),
      SUBGRAPH_SHARED_SECRET: setting.secret(),
      BRIDGE_SHARED_SECRET: setting.secret(),
      GATEWAY_SUBGRAPH_TRACES: setting.flag(false),
    }),
    env,
  );
  const auth = loadAuthConfig(env);
  const metrics = loadMetricsConfig('GATEWAY_METRICS_PORT', env);
  return {
    ...runtime,
    host: raw.GATEWAY_HOST,
    port: raw.GATEWAY_PORT,
    introspection: raw.GATEWAY_INTROSPECTION,
    landingPage: raw.GATEWAY_LANDING_PAGE,
    subgraphTimeoutMs: raw.SUBGRAPH_TIMEOUT_MS,
    shutdownGraceMs: raw.SHUTDOWN_GRACE_MS,
    photos: loadPhotoConfig(env),
    uploads: loadUploadTimeouts(env),
    limits: {
      maxDepth: raw.GATEWAY_MAX_DEPTH,
      maxAliases: raw.GATEWAY_MAX_ALIASES,
      maxTokens: raw.GATEWAY_MAX_TOKENS,
      maxDirectives: raw.GATEWAY_MAX_DIRECTIVES,
      maxCost: raw.GATEWAY_MAX_COST,
      blockFieldSuggestions: raw.GATEWAY_BLOCK_FIELD_SUGGESTIONS,
    },
    bodyLimit: raw.GATEWAY_BODY_LIMIT,
    ...(auth ? { auth } : {}),
    http: loadHttpSecurityConfig(runtime.production, env),
    ...(raw.SUBGRAPH_SHARED_SECRET ? { subgraphSecret: raw.SUBGRAPH_SHARED_SECRET } : {}),
    ...(raw.BRIDGE_SHARED_SECRET ? { bridgeSecret: raw.BRIDGE_SHARED_SECRET } : {}),
    subgraphTraces: raw.GATEWAY_SUBGRAPH_TRACES,
    ...(metrics ? { metrics } : {}),
    subgraphUrls: {
      create: raw.CREATE_SUBGRAPH_URL,
      read: raw.READ_SUBGRAPH_URL,
      update: raw.UPDATE_SUBGRAPH_URL,
      delete: raw.DELETE_SUBGRAPH_URL,
    },
  };
}
