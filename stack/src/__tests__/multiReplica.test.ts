import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { SUBGRAPH_NAMES, type SubgraphName } from '@people/platform';
import { freePort } from '@people/testing';
import { ServiceProcess } from './support/processStack';
import { RoundRobin } from './support/roundRobin';
import { PERSON_FIELDS, personInput } from './support/testStack';

/** The rate limit every gateway and bridge port is given; the sum over the replicas must hold to it. */
const PER_MINUTE = 30;
const BRIDGE_ROLES = ['create', 'read', 'update', 'delete'] as const;
const CREATE = `mutation Create($input: CreatePersonInput!) { createPerson(input: $input) { ${PERSON_FIELDS} } }`;
const GET = `query Get($id: ID!) { person(documentId: $id) { ${PERSON_FIELDS} } }`;

interface Answer {
  status: number;
  retryAfter: string | null;
  body: unknown;
}

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { extensions?: { code?: string } }[];
}

async function call(
  url: string,
  init: Omit<RequestInit, 'headers'> & { headers?: Record<string, string> } = {},
): Promise<Answer> {
  // A new connection per call, as separate clients would open, so that a replica stopping
  // between two calls is seen by the balancer rather than on a pooled socket.
  const response = await fetch(url, { ...init, headers: { connection: 'close', ...init.headers } });
  const text = await response.text();
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: text ? JSON.parse(text) : null,
  };
}

function restPerson(documentId: string): Record<string, unknown> {
  return {
    document_type: 'Cédula',
    document_id: documentId,
    first_name: 'Ana',
    last_name: 'García',
    birth_date: '1990-05-17',
    gender: 'Femenino',
    email: `ana${documentId}@example.com`,
    phone: '3001234567',
  };
}

function restCreate(base: string, documentId: string, headers: Record<string, string> = {}): Promise<Answer> {
  return call(`${base}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(restPerson(documentId)),
  });
}

function graphql(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  return call(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
}

/** Waits, when less than `neededMs` of the current rate-limit minute is left, for the next one. */
async function freshMinute(neededMs: number): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < neededMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

/** What is wrong with an answer given during the restarts: anything but success or a 503 with Retry-After. */
function fault(answer: Answer): string | null {
  const errors = (answer.body as GraphQLBody | null)?.errors;
  const unavailable = answer.status === 503 || errors?.[0]?.extensions?.code === 'SERVICE_UNAVAILABLE';
  if (unavailable) return answer.retryAfter === null && answer.status === 503 ? 'a 503 without Retry-After' : null;
  if (answer.status >= 500) return `status ${answer.status}: ${JSON.stringify(answer.body)}`;
  if (answer.status !== 200 && answer.status !== 201) return `status ${answer.status}: ${JSON.stringify(answer.body)}`;
  if (errors !== undefined) return `errors: ${JSON.stringify(errors)}`;
  return null;
}

describe('replicas on several machines with local photos', () => {
  it.each([
    ['the update subgraph', 'subgraphs/update/dist/main.js'],
    ['the gateway', 'gateway/dist/main.js'],
  ])('%s refuses to start, naming the settings that fix it', async (name, entry) => {
    const port = await freePort();
    const service = new ServiceProcess(
      name,
      entry,
      {
        // Never dialled: the settings are refused first.
        MONGODB_URI: `mongodb://127.0.0.1:${await freePort()}/`,
        DEPLOYMENT_NODES: '2',
        UPDATE_SUBGRAPH_PORT: String(port),
        GATEWAY_PORT: String(port),
      },
      `http://127.0.0.1:${port}/healthz`,
    );
    await expect(service.start()).rejects.toThrow(
      /exited early:[\s\S]*DEPLOYMENT_NODES: with 2 nodes, photos cannot live in a local folder[\s\S]*CLOUDINARY_URL[\s\S]*PHOTO_STORE_SHARED=true/,
    );
  });
});

const uri = process.env.MONGODB_URI;

if (uri) {
  describe('two replicas of every tier on one MongoDB', () => {
    const database = `people_replicas_${process.pid}_${Date.now().toString(36)}`;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-replicas-'));
    const services: ServiceProcess[] = [];
    const balancers: RoundRobin[] = [];
    const replicas = {
      subgraphs: {} as Record<SubgraphName, [ServiceProcess, ServiceProcess]>,
      gateways: [] as ServiceProcess[],
      bridges: [] as ServiceProcess[],
    };
    /** Each replica's own address, and the balanced one a client uses. */
    const gatewayUrls: string[] = [];
    const bridgeUrls: Record<'create' | 'read', string>[] = [];
    let gatewayLb = '';
    let bridgeLb: Record<'create' | 'read', string> = { create: '', read: '' };

    const common = {
      MONGODB_URI: uri,
      MONGODB_DB: database,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_MS: '5000',
      RATE_LIMIT_PER_MINUTE: String(PER_MINUTE),
    };

    async function startAll(list: ServiceProcess[]): Promise<void> {
      services.push(...list);
      await Promise.all(list.map((service) => service.start()));
    }

    beforeAll(async () => {
      const subgraphLbs = {} as Record<SubgraphName, RoundRobin>;
      for (const name of SUBGRAPH_NAMES) {
        const ports = [await freePort(), await freePort()];
        const pair = ports.map(
          (port, i) =>
            new ServiceProcess(
              `subgraph-${name}-${i}`,
              `subgraphs/${name}/dist/main.js`,
              { ...common, SUBGRAPH_HOST: '127.0.0.1', [`${name.toUpperCase()}_SUBGRAPH_PORT`]: String(port) },
              `http://127.0.0.1:${port}/healthz`,
            ),
        ) as [ServiceProcess, ServiceProcess];
        replicas.subgraphs[name] = pair;
        await startAll(pair);
        subgraphLbs[name] = await RoundRobin.start(ports);
        balancers.push(subgraphLbs[name]);
      }
      const gatewayPorts = [await freePort(), await freePort()];
      const gatewayBalancer = await RoundRobin.start(gatewayPorts);
      balancers.push(gatewayBalancer);
      gatewayLb = `http://127.0.0.1:${gatewayBalancer.port}/graphql`;
      replicas.gateways = gatewayPorts.map((port, i) => {
        gatewayUrls.push(`http://127.0.0.1:${port}/graphql`);
        return new ServiceProcess(
          `gateway-${i}`,
          'gateway/dist/main.js',
          {
            ...common,
            GATEWAY_HOST: '127.0.0.1',
            GATEWAY_PORT: String(port),
            // The test's clients all come from loopback; each names itself in X-Forwarded-For.
            GATEWAY_RATE_LIMIT_EXEMPT: 'none',
            PUBLIC_BASE_URL: `http://127.0.0.1:${gatewayBalancer.port}`,
            ...Object.fromEntries(
              SUBGRAPH_NAMES.map((name) => [
                `${name.toUpperCase()}_SUBGRAPH_URL`,
                `http://127.0.0.1:${subgraphLbs[name].port}/graphql`,
              ]),
            ),
          },
          `http://127.0.0.1:${port}/healthz`,
        );
      });
      await startAll(replicas.gateways);
      const bridgePorts: Record<(typeof BRIDGE_ROLES)[number], number>[] = [];
      for (let i = 0; i < 2; i += 1) {
        const ports = {
          create: await freePort(),
          read: await freePort(),
          update: await freePort(),
          delete: await freePort(),
        };
        bridgePorts.push(ports);
        bridgeUrls.push({ create: `http://127.0.0.1:${ports.create}`, read: `http://127.0.0.1:${ports.read}` });
      }
      replicas.bridges = bridgePorts.map(
        (ports, i) =>
          new ServiceProcess(
            `bridge-${i}`,
            'rest-bridge/dist/main.js',
            {
              ...common,
              BRIDGE_HOST: '127.0.0.1',
              BRIDGE_COMPAT: 'strict',
              GATEWAY_URL: gatewayLb,
              ...Object.fromEntries(
                BRIDGE_ROLES.map((role) => [`BRIDGE_${role.toUpperCase()}_PORT`, String(ports[role])]),
              ),
            },
            `http://127.0.0.1:${ports.create}/healthz`,
          ),
      );
      await startAll(replicas.bridges);
      const createLb = await RoundRobin.start(bridgePorts.map((ports) => ports.create));
      const readLb = await RoundRobin.start(bridgePorts.map((ports) => ports.read));
      balancers.push(createLb, readLb);
      bridgeLb = { create: `http://127.0.0.1:${createLb.port}`, read: `http://127.0.0.1:${readLb.port}` };
    }, 120_000);

    afterAll(async () => {
      await Promise.all(services.map((service) => service.stop()));
      await Promise.all(balancers.map((balancer) => balancer.close()));
      const client = new MongoClient(uri);
      await client.db(database).dropDatabase();
      await client.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    const [a, b] = [0, 1];

    it('reads through one replica what was written through the other, over REST and GraphQL', async () => {
      const rest = await restCreate(bridgeUrls[a]?.create ?? '', '2600000001', { 'x-forwarded-for': '10.1.0.1' });
      expect(rest.status).toBe(201);
      const readBack = await call(`${String(bridgeUrls[b]?.read)}/2600000001`, {
        headers: { 'x-forwarded-for': '10.1.0.1' },
      });
      expect(readBack).toMatchObject({ status: 200, body: rest.body });

      const created = await graphql(
        gatewayUrls[a] ?? '',
        CREATE,
        { input: personInput('2600000002') },
        { 'x-forwarded-for': '10.1.0.2' },
      );
      const person = (created.body as GraphQLBody).data?.createPerson;
      expect(person).toMatchObject({ documentId: '2600000002' });
      const read = await graphql(gatewayUrls[b] ?? '', GET, { id: '2600000002' }, { 'x-forwarded-for': '10.1.0.2' });
      expect((read.body as GraphQLBody).data?.person).toEqual(person);
    });

    it('returns the first answer to an idempotent create retried through the other replica', async () => {
      const headers = { 'idempotency-key': 'replica-retry-1', 'x-forwarded-for': '10.1.0.3' };
      const first = await restCreate(bridgeUrls[a]?.create ?? '', '2600000003', headers);
      const retried = await restCreate(bridgeUrls[b]?.create ?? '', '2600000003', headers);
      expect(first.status).toBe(201);
      expect(retried).toEqual(first);

      const graphHeaders = { 'idempotency-key': 'replica-retry-2', 'x-forwarded-for': '10.1.0.4' };
      const once = await graphql(gatewayUrls[a] ?? '', CREATE, { input: personInput('2600000004') }, graphHeaders);
      const again = await graphql(gatewayUrls[b] ?? '', CREATE, { input: personInput('2600000004') }, graphHeaders);
      expect((once.body as GraphQLBody).errors).toBeUndefined();
      expect(again).toEqual(once);
    });

    it('holds the configured rate limit for the sum of the replicas, not for each', async () => {
      const id = '2600000009';
      expect((await restCreate(bridgeUrls[a]?.create ?? '', id, { 'x-forwarded-for': '10.2.9.9' })).status).toBe(201);
      const spread = (i: number) => (i % 2 === 0 ? a : b);
      /** Twice the limit from one client, spread over both replicas, within one rate-limit window. */
      async function burst(send: (i: number, client: string) => Promise<Answer>, net: number): Promise<Answer[]> {
        for (let attempt = 0; ; attempt += 1) {
          await freshMinute(8_000);
          const window = Math.floor(Date.now() / 60_000);
          const client = `10.2.${net}.${attempt}`;
          const answers = await Promise.all(Array.from({ length: 2 * PER_MINUTE }, (_, i) => send(i, client)));
          // A burst the window turned over in proves nothing: send it again, as another client.
          if (Math.floor(Date.now() / 60_000) === window || attempt === 2) return answers;
        }
      }
      const rest = await burst(
        (i, client) => call(`${String(bridgeUrls[spread(i)]?.read)}/${id}`, { headers: { 'x-forwarded-for': client } }),
        1,
      );
      expect(rest.filter((answer) => answer.status === 200)).toHaveLength(PER_MINUTE);
      expect(rest.filter((answer) => answer.status === 429)).toHaveLength(PER_MINUTE);
      const graph = await burst(
        (i, client) => graphql(gatewayUrls[spread(i)] ?? '', GET, { id }, { 'x-forwarded-for': client }),
        2,
      );
      expect(graph.filter((answer) => answer.status === 200)).toHaveLength(PER_MINUTE);
      expect(graph.filter((answer) => answer.status === 429)).toHaveLength(PER_MINUTE);
    });

    it('loses no acknowledged write and answers nothing but success or 503 with Retry-After while each tier restarts', async () => {
      const faults: string[] = [];
      const acknowledged = new Map<string, unknown>();
      const unanswered: { id: string; via: 'rest' | 'graphql' }[] = [];
      let sent = 0;
      let restarting = true;
      const exitCodes: Record<string, number | null> = {};
      const seed = { rest: '2690000001', graphql: '2690000002' };
      expect((await restCreate(bridgeLb.create, seed.rest, { 'x-forwarded-for': '10.3.255.1' })).status).toBe(201);
      const seeded = await graphql(
        gatewayLb,
        CREATE,
        { input: personInput(seed.graphql) },
        { 'x-forwarded-for': '10.3.255.2' },
      );
      expect((seeded.body as GraphQLBody).errors).toBeUndefined();

      async function one(i: number): Promise<void> {
        // A client address per request: the load is many clients, each far under the limit.
        const client = { 'x-forwarded-for': `10.3.${Math.floor(i / 200)}.${i % 200}` };
        const id = String(2700000000 + i);
        const key = { ...client, 'idempotency-key': `load-${id}` };
        let answer: Answer;
        switch (i % 4) {
          case 0:
            answer = await restCreate(bridgeLb.create, id, key);
            if (answer.status === 201) acknowledged.set(id, answer.body);
            if (answer.status === 503) unanswered.push({ id, via: 'rest' });
            break;
          case 1:
            answer = await graphql(gatewayLb, CREATE, { input: personInput(id) }, key);
            if ((answer.body as GraphQLBody).data?.createPerson) acknowledged.set(id, null);
            else unanswered.push({ id, via: 'graphql' });
            break;
          case 2:
            answer = await call(`${bridgeLb.read}/${seed.rest}`, { headers: client });
            break;
          default:
            answer = await graphql(gatewayLb, GET, { id: seed.graphql }, client);
        }
        const problem = fault(answer);
        if (problem) faults.push(`request ${i} (${i % 4}): ${problem}`);
      }

      async function worker(): Promise<void> {
        // Paced, so that a few hundred requests span the restarts.
        while (restarting || sent < 200) {
          const i = sent;
          sent += 1;
          await one(i);
          await new Promise((resolve) => setTimeout(resolve, 60));
        }
      }

      async function restartOneOfEach(): Promise<void> {
        while (sent < 30) await new Promise((resolve) => setTimeout(resolve, 50));
        const tiers = [
          ...SUBGRAPH_NAMES.map((name) => replicas.subgraphs[name][a] as ServiceProcess),
          replicas.gateways[a] as ServiceProcess,
          replicas.bridges[a] as ServiceProcess,
        ];
        for (const service of tiers) {
          exitCodes[service.name] = await service.stop('SIGTERM');
          await service.start();
        }
        restarting = false;
      }

      await Promise.all([restartOneOfEach(), worker(), worker(), worker()]);
      expect(sent).toBeLessThan(1500);
      expect(Object.values(exitCodes)).toEqual(Array(6).fill(0));
      expect(faults).toEqual([]);

      // A create that got no answer is retried with its key until it has one: the first answer.
      for (const { id, via } of unanswered) {
        const key = { 'x-forwarded-for': '10.4.0.1', 'idempotency-key': `load-${id}` };
        const answer =
          via === 'rest'
            ? await restCreate(bridgeLb.create, id, key)
            : await graphql(gatewayLb, CREATE, { input: personInput(id) }, key);
        expect(fault(answer)).toBeNull();
        acknowledged.set(id, via === 'rest' ? answer.body : null);
      }
      // Every acknowledged person is there, read through each bridge replica.
      for (const [id, body] of acknowledged) {
        for (const bridge of bridgeUrls) {
          const read = await call(`${bridge.read}/${id}`, { headers: { 'x-forwarded-for': `10.5.${id.slice(-2)}.1` } });
          expect(read.status).toBe(200);
          if (body !== null) expect(read.body).toEqual(body);
        }
      }
      expect(acknowledged.size).toBeGreaterThan(50);
    }, 180_000);
  });
} else {
  it.todo('runs two replicas of every tier on one store: needs MONGODB_URI (scripts/mongo-local.sh npx jest)');
}
