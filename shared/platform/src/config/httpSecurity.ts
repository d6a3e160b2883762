import { z } from 'zod';
import { loadStoreConfig, type StoreConfig } from './common';
import { loadEnv, type Env } from './loadConfig';

export interface HttpSecurityConfig {
  /** Requests one client (IP) may make per minute; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Origins allowed cross-origin: `true` for any, otherwise an allowlist (empty: none). */
  corsOrigins: true | readonly string[];
  /** Express's `trust proxy`: which hops' `X-Forwarded-For` names the client. */
  trustProxy: boolean | number | string;
  /**
   * The MongoDB that rate-limit counts are shared in, so that the limit holds for all replicas
   * together: the store of MONGODB_URI when it is set; unset, each process counts on its own.
   */
  sharedState?: Extract<StoreConfig, { kind: 'mongo' }>;
}

const ORIGIN = /^https?:\/\/[^/\s]+$/;

export const httpSecurityEnvSchema = z.object({
  RATE_LIMIT_PER_MINUTE: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(0, { error: 'must be 0 (off) or more' })
    .default(600),
  CORS_ORIGINS: z
    .string()
    .transform((value) => value.split(',').map((origin) => origin.trim().replace(/\/+$/, '')))
    .refine((origins) => origins.join() === '*' || origins.every((origin) => ORIGIN.test(origin)), {
      error: 'must be * or a comma-separated list of origins like https://app.example.com',
    })
    .optional(),
  TRUST_PROXY: z
    .string()
    .transform((value): boolean | number | string => {
      if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      return /^\d+$/.test(value) ? Number(value) : value;
    })
    .default('loopback'),
});

/**
 * The settings the gateway and the bridge share for facing clients. Without CORS_ORIGINS any
 * origin is allowed in development and none in production.
 */
export function loadHttpSecurityConfig(production: boolean, env: Env = process.env): HttpSecurityConfig {
  const raw = loadEnv(httpSecurityEnvSchema, env);
  const origins = raw.CORS_ORIGINS;
  const store = loadStoreConfig(env);
  return {
    ...(store.kind === 'mongo' ? { sharedState: store } : {}),
    rateLimitPerMinute: raw.RATE_LIMIT_PER_MINUTE,
    corsOrigins: origins === undefined ? (production ? [] : true) : origins.join() === '*' ? true : origins,
    trustProxy: raw.TRUST_PROXY,
  };
}
