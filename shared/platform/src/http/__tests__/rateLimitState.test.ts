import express from 'express';
import { MongoClient } from 'mongodb';
import type { HttpSecurityConfig } from '../../config/httpSecurity';
import { RATE_LIMITS_COLLECTION } from '../mongoRateLimitStore';
import { createLogger } from '../../logging';
import { freePort } from '@people/testing';
import { listen, type ListeningServer } from '../listen';
import { openRateLimitState, type RateLimitState } from '../rateLimitState';
import { ClientRateLimit } from '../security';

const uri = process.env.MONGODB_URI;
const logger = createLogger({ service: 'rate-limit-test', level: 'silent' });
const PER_MINUTE = 5;

function securityConfig(sharedUri: string, database: string): HttpSecurityConfig {
  return {
    rateLimitPerMinute: PER_MINUTE,
    corsOrigins: true,
    trustProxy: false,
    sharedState: { kind: 'mongo', uri: sharedUri, database, writeConcern: 'majority', poolSize: 5, timeoutMs: 3000 },
  };
}

/** One "replica": its own process state (client, pool) and server, counting under `prefix`. */
async function replica(state: RateLimitState, prefix: string): Promise<ListeningServer> {
  const app = express();
  app.use(
    new ClientRateLimit(PER_MINUTE, (_req, res) => res.status(429).json({ detail: 'limited' }), {
      store: state.store(prefix),
    }).handler,
  );
  app.get('/', (_req, res) => res.json({ ok: true }));
  return listen(app, { host: '127.0.0.1', port: 0 });
}

async function statuses(urls: string[]): Promise<number[]> {
  return Promise.all(
    urls.map(async (url) => {
      const response = await fetch(url);
      await response.arrayBuffer();
      return response.status;
    }),
  );
}

if (uri) {
  describe('rate-limit counts shared in MongoDB', () => {
    const database = `people_rate_${process.pid}_${Date.now().toString(36)}`;
    const states: RateLimitState[] = [];
    const servers: ListeningServer[] = [];

    async function replicas(prefix: string, count: number): Promise<string[]> {
      const origins: string[] = [];
      for (let i = 0; i < count; i += 1) {
        const state = openRateLimitState(securityConfig(uri as string, database), logger);
        states.push(state);
        const server = await replica(state, prefix);
        servers.push(server);
        origins.push(`${server.origin}/`);
      }
      return origins;
    }

    afterAll(async () => {
      await Promise.all(servers.map((server) => server.close(1000)));
      await Promise.all(states.map((state) => state.close()));
      const client = new MongoClient(uri);
      await client.db(database).dropDatabase();
      await client.close();
    });

    it('hold the limit for the sum of two replicas, even for concurrent requests', async () => {
      const [a = '', b = ''] = await replicas('sum', 2);
      const spread = Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? a : b));
      const answers = await statuses(spread);
      expect(answers.filter((status) => status === 200)).toHaveLength(PER_MINUTE);
      expect(answers.filter((status) => status === 429)).toHaveLength(spread.length - PER_MINUTE);
      const client = new MongoClient(uri);
      try {
        const hits = await client.db(database).collection(RATE_LIMITS_COLLECTION).countDocuments({ key: /^sum:/ });
        // Refused requests claim no slot.
        expect(hits).toBe(PER_MINUTE);
      } finally {
        await client.close();
      }
    });

    it('keep the counts of different limiters (prefixes) apart', async () => {
      const [gateway = ''] = await replicas('apart-gateway', 1);
      const [bridge = ''] = await replicas('apart-bridge', 1);
      expect(await statuses(Array.from({ length: PER_MINUTE }, () => gateway))).toEqual(Array(PER_MINUTE).fill(200));
      expect(await statuses([bridge, gateway])).toEqual([200, 429]);
    });

    it('let requests through when the database cannot be reached, within about a second', async () => {
      const dead = openRateLimitState(securityConfig(`mongodb://127.0.0.1:${await freePort()}/`, database), logger);
      states.push(dead);
      const server = await replica(dead, 'dead');
      servers.push(server);
      const started = Date.now();
      expect(await statuses(Array.from({ length: PER_MINUTE + 2 }, () => `${server.origin}/`))).toEqual(
        Array(PER_MINUTE + 2).fill(200),
      );
      expect(Date.now() - started).toBeLessThan(5000);
    });
  });
} else {
  it.todo('shares rate-limit counts between replicas in MongoDB: needs MONGODB_URI (scripts/mongo-local.sh npx jest)');
}

describe('rate-limit counts without MONGODB_URI', () => {
  it('stay in the process', async () => {
    const state = openRateLimitState(
      { ...securityConfig('mongodb://unused', 'unused'), sharedState: undefined },
      logger,
    );
    expect(state.store('gateway')).toBeUndefined();
    await state.close();
  });
});
