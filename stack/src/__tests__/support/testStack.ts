import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BridgeConfig } from '@people/rest-bridge';
import type { GatewayConfig } from '@people/gateway';
import {
  SUBGRAPH_NAMES,
  type LogLevel,
  type LoggerOptions,
  type StoreConfig,
  type SubgraphName,
} from '@people/platform';
import { type PhotoConfig } from '@people/store';
import { type SubgraphConfig } from '@people/subgraph-kit';
import { loadStackConfig, startStack, type StackConfig, type StackHandle } from '../../index';

export interface TestStack extends StackHandle {
  store: StoreConfig;
  photos: PhotoConfig;
}

/** Local photos in a temporary folder, with URLs under a base that is never dialled. */
export const TEST_PHOTO_BASE_URL = 'http://photos.test';

/**
 * The whole stack on ephemeral loopback ports over a fresh store: the embedded store in a temporary
 * folder, or, when MONGODB_URI is set, a database of its own on that server.
 */
export interface TestStackOptions {
  production?: boolean;
  photos?: PhotoConfig;
  /** Settings laid over the test defaults of each service. */
  gateway?: Partial<GatewayConfig>;
  bridge?: Partial<BridgeConfig>;
  subgraphs?: Partial<SubgraphConfig>;
  /** Every service's log lines go here, at `logLevel`, instead of nowhere. */
  logDestination?: LoggerOptions['destination'];
  logLevel?: LogLevel;
  /** A store the test has prepared (and cleans up), instead of a fresh one. */
  store?: StoreConfig;
}

export async function startTestStack(overrides: TestStackOptions = {}): Promise<TestStack> {
  const production = overrides.production ?? false;
  const base = loadStackConfig(production ? { NODE_ENV: 'production' } : {});
  const logLevel = overrides.logLevel ?? 'silent';
  const store: StoreConfig =
    overrides.store ??
    (process.env.MONGODB_URI
      ? {
          kind: 'mongo',
          uri: process.env.MONGODB_URI,
          database: `people_test_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`,
          writeConcern: 'majority',
          poolSize: 10,
          timeoutMs: 3000,
        }
      : { kind: 'embedded', dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'people-stack-')) });
  const photoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-photos-'));
  const photos: PhotoConfig = overrides.photos ?? { kind: 'local', dir: photoDir, publicBaseUrl: TEST_PHOTO_BASE_URL };
  const subgraph = (name: SubgraphName): SubgraphConfig => ({
    ...base.subgraphs[name],
    host: '127.0.0.1',
    port: 0,
    production,
    logLevel,
    store,
    ...overrides.subgraphs,
  });
  const config: StackConfig = {
    workers: base.workers,
    subgraphs: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraph(name)])) as Record<
      SubgraphName,
      SubgraphConfig
    >,
    gateway: {
      ...base.gateway,
      host: '127.0.0.1',
      port: 0,
      production,
      introspection: !production,
      logLevel,
      photos,
      // Suites send hundreds of requests from one address; the limit has tests of its own.
      http: { ...base.gateway.http, rateLimitPerMinute: 0 },
      ...overrides.gateway,
    },
    bridge: {
      ...base.bridge,
      host: '127.0.0.1',
      ports: { create: 0, read: 0, update: 0, delete: 0 },
      production,
      logLevel,
      http: { ...base.bridge.http, rateLimitPerMinute: 0 },
      // The suites assert the strict answers (409, 413, 415); the legacy mode (the product default) has its own suite.
      compat: 'strict',
      ...overrides.bridge,
    },
  };
  const stack = await startStack(config, overrides.logDestination ? { logDestination: overrides.logDestination } : {});
  return {
    ...stack,
    store,
    photos,
    async close() {
      await stack.close();
      if (store.kind === 'embedded' && overrides.store === undefined) {
        fs.rmSync(store.dataDir, { recursive: true, force: true });
      }
      fs.rmSync(photoDir, { recursive: true, force: true });
    },
  };
}

export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: { message: string; extensions?: Record<string, unknown>; path?: unknown[] }[] };
}

export async function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResult<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as GraphQLResult<T>['body'],
  };
}

export const PERSON_FIELDS = `documentId documentType firstName middleName lastName birthDate gender email phone photoUrl createdAt updatedAt`;

export function personInput(documentId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    documentType: 'CEDULA',
    documentId,
    firstName: 'Ana',
    lastName: 'García',
    birthDate: '1990-05-17',
    gender: 'FEMENINO',
    email: `ana${documentId}@example.com`,
    phone: '3001234567',
    ...overrides,
  };
}
