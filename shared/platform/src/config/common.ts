import path from 'node:path';
import { z } from 'zod';
import { setting, type Env, loadEnv } from './loadConfig';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const runtimeEnvSchema = z.object({
  NODE_ENV: z.string().default('development'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
});

export interface RuntimeConfig {
  production: boolean;
  logLevel: LogLevel;
}

export function loadRuntimeConfig(env: Env = process.env): RuntimeConfig {
  const raw = loadEnv(runtimeEnvSchema, env);
  return { production: raw.NODE_ENV === 'production', logLevel: raw.LOG_LEVEL };
}

/** `0` (unacknowledged) is not offered: a create could not report a taken document_id. */
export const WRITE_CONCERNS = ['majority', '1'] as const;

export const storeEnvSchema = z.object({
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, { error: 'must be a mongodb:// or mongodb+srv:// URI' })
    .optional(),
  MONGODB_DB: z
    .string()
    .regex(/^[^/\\. "$*<>:|?]{1,63}$/, { error: 'must be a database name' })
    .default('people'),
  MONGODB_WRITE_CONCERN: z.enum(WRITE_CONCERNS, { error: 'must be majority or 1' }).default('majority'),
  MONGODB_POOL_SIZE: setting.positiveInt(20),
  MONGODB_TIMEOUT_MS: setting.positiveInt(5000),
  DATA_DIR: z.string().default('./data'),
});

export type StoreConfig =
  | {
      kind: 'mongo';
      uri: string;
      database: string;
      writeConcern: (typeof WRITE_CONCERNS)[number];
      poolSize: number;
      /** Bound on server selection, connecting and each socket operation. */
      timeoutMs: number;
    }
  | { kind: 'embedded'; dataDir: string };

export function loadStoreConfig(env: Env = process.env): StoreConfig {
  const raw = loadEnv(storeEnvSchema, env);
  if (raw.MONGODB_URI) {
    return {
      kind: 'mongo',
      uri: raw.MONGODB_URI,
      database: raw.MONGODB_DB,
      writeConcern: raw.MONGODB_WRITE_CONCERN,
      poolSize: raw.MONGODB_POOL_SIZE,
      timeoutMs: raw.MONGODB_TIMEOUT_MS,
    };
  }
  return { kind: 'embedded', dataDir: path.resolve(raw.DATA_DIR) };
}
