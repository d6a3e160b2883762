import http from 'node:http';
import { MAX_PAGE_SIZE, TRUSTED_PAGE_HEADER, TRUSTED_PAGE_SIZE } from '@people/domain';
import { BRIDGE_SECRET_HEADER } from '@people/platform';
import { graphql, startTestStack, type TestStack } from '../../../stack/src/__tests__/support/testStack';
import { loadBridgeConfig } from '../config';
import { start, type BridgeHandle } from '../server';
import { closeClientAgent, restPerson, send, sendJson } from './support/client';
import { fakePerson, graphqlAnswer, startFakeGateway, type FakeGateway } from './support/fakeGateway';

const SECRET = 'list-pages-bridge-secret-0123456789';
/** Above the public limit, so that every page of the list needs the bridge's trust. */
const LIST_PAGE_SIZE = 120;
const PEOPLE = 3 * LIST_PAGE_SIZE + 17;

const PAGE_QUERY = 'query ($first: Int!) { people(first: $first) { edges { node { documentId } } } }';

/** Every person through the public paging, `limit` at a time, following the Link headers. */
async function pagedBody(readUrl: string): Promise<string> {
  const people: unknown[] = [];
  let path: string | null = `/?limit=${MAX_PAGE_SIZE}`;
  while (path !== null) {
    const response = await send(readUrl, { method: 'GET', path });
    expect(response.status).toBe(200);
    people.push(...(response.json as unknown[]));
    const link = response.headers.link;
    path = typeof link === 'string' ? (/^<([^>]+)>/.exec(link)?.[1] ?? null) : null;
  }
  return JSON.stringify(people);
}

describe("the whole list in the bridge's larger pages", () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      gateway: { bridgeSecret: SECRET },
      bridge: { bridgeSecret: SECRET, listPageSize: LIST_PAGE_SIZE },
    });
    const ids = Array.from({ length: PEOPLE }, (_, index) => String(8000000000 + index));
    for (let start = 0; start < ids.length; start += 25) {
      await Promise.all(
        ids.slice(start, start + 25).map(async (id) => {
          expect((await sendJson(stack.urls.bridge.create, 'POST', '/', restPerson(id))).status).toBe(201);
        }),
      );
    }
  });

  afterAll(async () => {
    closeClientAgent();
    await stack.close();
  });

  it('streams a list of several trusted pages completely, in order, byte for byte as the public pages read', async () => {
    const everyone = await send(stack.urls.bridge.read, { method: 'GET', path: '/' });
    expect(everyone.status).toBe(200);
    const listed = (everyone.json as { document_id: string }[]).map((person) => person.document_id);
    expect(listed).toHaveLength(PEOPLE);
    expect([...listed].sort()).toEqual(listed);
    expect(everyone.text).toBe(await pagedBody(stack.urls.bridge.read));
  });

  it('serves a page above the public limit to a call carrying the bridge secret', async () => {
    const result = await graphql<{ people: { edges: unknown[] } }>(
      stack.urls.gateway,
      PAGE_QUERY,
      { first: LIST_PAGE_SIZE },
      { [BRIDGE_SECRET_HEADER]: SECRET },
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.people.edges).toHaveLength(LIST_PAGE_SIZE);
  });

  it.each([
    ['no credential', {}],
    ['a wrong credential', { [BRIDGE_SECRET_HEADER]: 'a-guess-at-the-credential' }],
    ['the subgraph mark sent by the client itself', { [TRUSTED_PAGE_HEADER]: '1' }],
  ])('refuses a page above the public limit to a call with %s', async (_name, headers: Record<string, string>) => {
    const result = await graphql(stack.urls.gateway, PAGE_QUERY, { first: MAX_PAGE_SIZE + 1 }, headers);
    expect(result.body.data ?? null).toBeNull();
    expect(result.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.body.errors?.[0]?.message).toMatch(/first/);
  });

  it('refuses the bridge a page above the trusted size', async () => {
    const result = await graphql(
      stack.urls.gateway,
      PAGE_QUERY,
      { first: TRUSTED_PAGE_SIZE + 1 },
      { [BRIDGE_SECRET_HEADER]: SECRET },
    );
    expect(result.body.data ?? null).toBeNull();
    expect(result.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("keeps the query cost limit for public clients: the trusted page's cost is not theirs", async () => {
    const limited = await startTestStack({ gateway: { bridgeSecret: SECRET, limits: { ...costOnly, maxCost: 1500 } } });
    try {
      // 2 + 100 × (2 + 2 + 12) = 1,602 for a public page of 100; the bridge's page of 1,000 costs the same.
      const query = `query ($first: Int!) { people(first: $first) { edges { node { documentId documentType firstName middleName lastName birthDate gender email phone photoUrl createdAt updatedAt } } } }`;
      const pub = await graphql(limited.urls.gateway, query, { first: MAX_PAGE_SIZE });
      expect(pub.status).toBe(400);
      expect(pub.body.errors?.[0]?.message).toMatch(/cost limit of 1500 exceeded, found 1602/);
      const bridge = await graphql(limited.urls.gateway, query, { first: 1000 }, { [BRIDGE_SECRET_HEADER]: SECRET });
      expect(bridge.status).toBe(400);
      expect(bridge.body.errors?.[0]?.message).toMatch(/cost limit of 1500 exceeded, found 1602/);
    } finally {
      await limited.close();
    }
  });
});

const costOnly = {
  maxDepth: 10,
  maxAliases: 10,
  maxTokens: 1000,
  maxDirectives: 10,
  blockFieldSuggestions: true,
};

describe("the list's page size as the bridge asks for it", () => {
  let gateway: FakeGateway;
  const bridges: BridgeHandle[] = [];

  async function startBridge(env: Record<string, string>): Promise<BridgeHandle> {
    const bridge = await start({
      ...loadBridgeConfig({ GATEWAY_URL: gateway.url, LOG_LEVEL: 'silent', ...env }),
      host: '127.0.0.1',
      ports: { create: 0, read: 0, update: 0, delete: 0 },
    });
    bridges.push(bridge);
    return bridge;
  }

  /** Pages of `size` fake people, `pages` of them. */
  function answerPages(size: number, pages: number): void {
    gateway.answer = (request, res) => {
      const { variables } = JSON.parse(request.body.toString()) as { variables: { after: string | null } };
      const page = variables.after === null ? 1 : Number(variables.after) + 1;
      const edges = Array.from({ length: size }, (_, index) => {
        const id = String(page * 100_000 + index);
        return { cursor: id, node: fakePerson(id) };
      });
      graphqlAnswer({
        data: { people: { edges, pageInfo: { hasNextPage: page < pages, endCursor: String(page) } } },
      })(request, res);
    };
  }

  beforeAll(async () => {
    gateway = await startFakeGateway();
  });

  afterAll(async () => {
    closeClientAgent();
    await Promise.all(bridges.map((bridge) => bridge.close()));
    await gateway.close();
  });

  beforeEach(() => {
    gateway.seen.length = 0;
  });

  it('asks for BRIDGE_LIST_PAGE_SIZE with the secret, and for the public page size without it', async () => {
    answerPages(3, 2);
    const trusted = await startBridge({ BRIDGE_SHARED_SECRET: SECRET, BRIDGE_LIST_PAGE_SIZE: '700' });
    const plain = await startBridge({ BRIDGE_LIST_PAGE_SIZE: '700' });
    expect((await send(trusted.urls.read, { method: 'GET', path: '/' })).json).toHaveLength(6);
    expect((await send(plain.urls.read, { method: 'GET', path: '/' })).json).toHaveLength(6);
    const asked = gateway.seen.map((request) => ({
      first: (JSON.parse(request.body.toString()) as { variables: { first: number } }).variables.first,
      secret: request.headers[BRIDGE_SECRET_HEADER],
    }));
    expect(asked).toEqual([
      { first: 700, secret: SECRET },
      { first: 700, secret: SECRET },
      { first: MAX_PAGE_SIZE, secret: undefined },
      { first: MAX_PAGE_SIZE, secret: undefined },
    ]);
  });

  it('refuses a BRIDGE_LIST_PAGE_SIZE above the trusted size', () => {
    expect(() => loadBridgeConfig({ BRIDGE_LIST_PAGE_SIZE: String(TRUSTED_PAGE_SIZE + 1) })).toThrow(
      /BRIDGE_LIST_PAGE_SIZE/,
    );
  });

  it('asks for no more pages while a client does not read, however long the list', async () => {
    answerPages(2000, 1000);
    const bridge = await startBridge({ BRIDGE_SHARED_SECRET: SECRET });
    const request = http.get(`${bridge.urls.read}/`);
    const response = await new Promise<http.IncomingMessage>((resolve) => request.once('response', resolve));
    response.pause();
    // However the kernel buffers what is written, the bridge waits for the socket to drain: the pages
    // it asked for stop at what the buffers hold, far short of the list's 1,000.
    let asked = -1;
    while (asked !== gateway.seen.length) {
      asked = gateway.seen.length;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(asked).toBeLessThan(20);
    request.destroy();
  });
});
