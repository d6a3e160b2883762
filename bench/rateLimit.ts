/**
 * What the rate limit costs per request, counted in the process or shared in MongoDB:
 *
 *   npm run build && npx tsc -p bench/tsconfig.json && scripts/mongo-local.sh node bench/dist/rateLimit.js
 *
 * One express app answers `GET /` behind no limiter, the in-process one and the MongoDB one, each
 * driven by autocannon (10 connections, 10 s) from 1,000 client addresses (`X-Forwarded-For`), as
 * many clients would; the limit is set far above the load so that every request is counted and
 * none refused. Prints one line of figures per variant; the shared store needs MONGODB_URI.
 */
import autocannon from 'autocannon';
import express from 'express';
import { MongoClient } from 'mongodb';
import {
  ClientRateLimit,
  RATE_LIMITS_COLLECTION,
  createLogger,
  listen,
  loadStoreConfig,
  openRateLimitState,
  type RateLimitStore,
} from '@people/platform';
import { log } from './common';

const SECONDS = 10;
const CONNECTIONS = 10;
const CLIENTS = 1000;
const LIMIT = 1_000_000;

interface Figures {
  variant: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

async function measure(variant: string, limiter: express.RequestHandler | null): Promise<Figures> {
  const app = express();
  app.set('trust proxy', 'loopback');
  if (limiter) app.use(limiter);
  app.get('/', (_req, res) => res.json({ ok: true }));
  const server = await listen(app, { host: '127.0.0.1', port: 0 });
  let client = 0;
  const result = await autocannon({
    url: `${server.origin}/`,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        setupRequest: (request) => {
          client += 1;
          return { ...request, headers: { 'x-forwarded-for': `10.${(client % CLIENTS) >> 8}.${client % 256}.1` } };
        },
      },
    ],
  });
  await server.close(1000);
  return {
    variant,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
  };
}

async function main(): Promise<void> {
  const logger = createLogger({ service: 'bench-rate-limit', level: 'warn' });
  const limiter = (store?: RateLimitStore) =>
    new ClientRateLimit(LIMIT, (_req, res) => res.status(429).end(), { store, logger }).handler;
  const rows: Figures[] = [await measure('no limit', null), await measure('in process', limiter())];
  const store = loadStoreConfig();
  if (store.kind === 'mongo') {
    const http = { rateLimitPerMinute: LIMIT, corsOrigins: true as const, trustProxy: 'loopback', sharedState: store };
    const state = openRateLimitState(http, logger);
    rows.push(await measure('shared in MongoDB', limiter(state.store('bench'))));
    await state.close();
    const cleanup = new MongoClient(store.uri);
    await cleanup
      .db(store.database)
      .collection(RATE_LIMITS_COLLECTION)
      .deleteMany({ key: /^bench:/ });
    await cleanup.close();
  } else {
    log('MONGODB_URI is not set: the shared store is not measured');
  }
  const base = rows[0] as Figures;
  for (const row of rows) {
    const perRequestMs =
      row.rps > 0 && base.rps > 0 ? (CONNECTIONS * 1000) / row.rps - (CONNECTIONS * 1000) / base.rps : 0;
    process.stdout.write(
      `${row.variant.padEnd(18)} ${String(row.rps).padStart(6)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms  ` +
        `non-2xx ${row.non2xx}  added per request ${perRequestMs.toFixed(2)} ms\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
