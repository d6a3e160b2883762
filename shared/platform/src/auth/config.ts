import { z } from 'zod';
import { ConfigError, loadEnv, setting, type Env } from '../config/loadConfig';

/** Where the keys that sign tokens come from: a JWKS URL (asymmetric keys) or one shared HS256 secret. */
export type AuthKeySource = { kind: 'jwks'; url: string } | { kind: 'secret'; secret: string };

export interface AuthConfig {
  keys: AuthKeySource;
  issuer: string;
  audience: string;
  /** Seconds of clock skew accepted on `exp` and `nbf`. */
  clockToleranceSeconds: number;
  /** Bound on one fetch of the JWKS. */
  jwksTimeoutMs: number;
}

/** Logged by a production service that runs without authentication, which is allowed but rarely meant. */
export const AUTH_OFF_WARNING =
  'authentication is off: set AUTH_JWKS_URL (or AUTH_JWT_SECRET), AUTH_ISSUER and AUTH_AUDIENCE to require tokens';

/** HS256 needs a key of at least 256 bits to be worth anything. */
const MIN_SECRET_LENGTH = 32;

export const authEnvSchema = z.object({
  AUTH_JWKS_URL: setting.url().optional(),
  AUTH_JWT_SECRET: z
    .string()
    .min(MIN_SECRET_LENGTH, { error: `must be at least ${MIN_SECRET_LENGTH} characters` })
    .optional(),
  AUTH_ISSUER: setting.string().optional(),
  AUTH_AUDIENCE: setting.string().optional(),
  AUTH_CLOCK_TOLERANCE_SECONDS: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(0, { error: 'must be 0 or more' })
    .default(5),
  AUTH_JWKS_TIMEOUT_MS: setting.positiveInt(5000),
});

/**
 * Authentication is off unless a key source is set; then the issuer and audience are required
 * too. A partial set is a start-up error naming what is missing, never a silently open service.
 */
export function loadAuthConfig(env: Env = process.env): AuthConfig | undefined {
  const raw = loadEnv(authEnvSchema, env);
  const anySet = [raw.AUTH_JWKS_URL, raw.AUTH_JWT_SECRET, raw.AUTH_ISSUER, raw.AUTH_AUDIENCE].some(
    (value) => value !== undefined,
  );
  if (!anySet) return undefined;
  const problems: string[] = [];
  if (raw.AUTH_JWKS_URL === undefined && raw.AUTH_JWT_SECRET === undefined) {
    problems.push('AUTH_JWKS_URL or AUTH_JWT_SECRET: one is required when authentication is configured');
  }
  if (raw.AUTH_JWKS_URL !== undefined && raw.AUTH_JWT_SECRET !== undefined) {
    problems.push('AUTH_JWKS_URL and AUTH_JWT_SECRET: set only one of them');
  }
  if (raw.AUTH_ISSUER === undefined) problems.push('AUTH_ISSUER: required when authentication is configured');
  if (raw.AUTH_AUDIENCE === undefined) problems.push('AUTH_AUDIENCE: required when authentication is configured');
  if (problems.length > 0 || raw.AUTH_ISSUER === undefined || raw.AUTH_AUDIENCE === undefined) {
    throw new ConfigError(problems);
  }
  const keys: AuthKeySource =
    raw.AUTH_JWKS_URL !== undefined
      ? { kind: 'jwks', url: raw.AUTH_JWKS_URL }
      : { kind: 'secret', secret: raw.AUTH_JWT_SECRET ?? '' };
  return Object.freeze({
    keys,
    issuer: raw.AUTH_ISSUER,
    audience: raw.AUTH_AUDIENCE,
    clockToleranceSeconds: raw.AUTH_CLOCK_TOLERANCE_SECONDS,
    jwksTimeoutMs: raw.AUTH_JWKS_TIMEOUT_MS,
  });
}
