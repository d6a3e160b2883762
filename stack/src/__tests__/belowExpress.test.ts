import net from 'node:net';
import { loadGatewayConfig } from '@people/gateway';
import { loadBridgeConfig } from '@people/rest-bridge';
import { REQUEST_ID_HEADER } from '@people/platform';
import { sampleSum } from './support/prometheusText';
import { bearer, startTestIssuer, type TestIssuer } from './support/tokens';
import { PERSON_FIELDS, graphql, personInput, startTestStack, type TestStack } from './support/testStack';

/**
 * The hot paths answered below express: the gateway's known queries (a query it has run once
 * through Apollo Server) and the bridge's `GET /{doc_id}`. Every answer must read exactly as the
 * general path's, and every request they cannot answer so must reach the general path whole.
 */
const GET = `query Get($id: ID!) { person(documentId: $id) { ${PERSON_FIELDS} } }`;
const PAGE = 'query Page($first: Int) { people(first: $first) { totalCount edges { node { documentId } } } }';
const CREATE = 'mutation C($input: CreatePersonInput!) { createPerson(input: $input) { documentId } }';
const METRICS_ON = { metrics: { host: '127.0.0.1', port: 0 } };
const LIMIT = 1000;
/** Headers that differ between any two answers. */
const PER_ANSWER = new Set(['date', REQUEST_ID_HEADER, 'ratelimit']);

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() };
}

const stable = (answer: Answer) => ({
  status: answer.status,
  text: answer.text,
  headers: Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !PER_ANSWER.has(name))),
});

const remaining = (answer: Answer) => Number(/remaining=(\d+)/.exec(answer.headers.ratelimit ?? '')?.[1]);

/** Sends `head` and the first `sent` bytes of a body that `head` says is longer, then closes or waits. */
function cutRequest(port: number, head: string, partial: string, thenClose: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(head + partial);
      if (thenClose) socket.end();
    });
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
    if (!thenClose) setTimeout(() => socket.destroy(), 300);
  });
}

/** A known query's body cut at every byte, the connection then closed: nothing answered, nothing broken. */
async function expectEveryCutIgnored(url: string, request: string): Promise<void> {
  const { port, pathname } = new URL(url);
  const head = `POST ${pathname} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(request)}\r\n\r\n`;
  for (let cut = 0; cut < request.length; cut += 1) {
    expect(await cutRequest(Number(port), head, request.slice(0, cut), true)).toBe('');
  }
}

describe('known operations answered below Apollo Server', () => {
  let stack: TestStack;
  const lines: string[] = [];

  beforeAll(async () => {
    const base = loadGatewayConfig({});
    stack = await startTestStack({
      logLevel: 'info',
      logDestination: { write: (line: string) => lines.push(line) },
      gateway: {
        ...METRICS_ON,
        http: { ...base.http, rateLimitPerMinute: LIMIT },
        limits: { ...base.limits, maxCost: 300 },
      },
    });
    for (const id of ['701', '702']) {
      const created = await graphql(stack.urls.gateway, CREATE, { input: personInput(id) });
      expect(created.body.errors).toBeUndefined();
    }
  });

  afterAll(() => stack.close());

  const answered = async () => {
    const metricsUrl = stack.urls.metrics.gateway;
    if (!metricsUrl) throw new Error('gateway metrics are off');
    return sampleSum(await (await fetch(metricsUrl)).text(), 'graphql_known_operation_answers_total');
  };
  const readSubgraphCalls = (requestId: string) =>
    lines.filter((line) => line.includes('"service":"subgraph-read"') && line.includes(`"requestId":"${requestId}"`))
      .length;
  const body = (query: string, variables: Record<string, unknown>, operationName?: string) =>
    JSON.stringify({ query, variables, ...(operationName ? { operationName } : {}) });

  it.each([
    ['without Accept', 1, {}],
    ["with the bridge's Accept", 2, { accept: 'application/graphql-response+json, application/json' }],
    ['with Accept */*', 3, { accept: '*/*' }],
  ])('answers a query it knows %s with the status, headers and body of the general path', async (_name, n, headers) => {
    // A text of its own, which Apollo Server runs first.
    const request = body(`${GET}${' '.repeat(n)}`, { id: '701' }, 'Get');
    const before = await answered();
    const general = await post(stack.urls.gateway, request, headers);
    const known = await post(stack.urls.gateway, request, headers);
    const again = await post(stack.urls.gateway, request, headers);
    expect(general.status).toBe(200);
    expect(JSON.parse(general.text)).toMatchObject({ data: { person: { documentId: '701' } } });
    expect(stable(known)).toEqual(stable(general));
    expect(stable(again)).toEqual(stable(general));
    expect(await answered()).toBe(before + 2);
    // Each request counted once against the rate limit, on either path.
    expect([remaining(known), remaining(again)]).toEqual([remaining(general) - 1, remaining(general) - 2]);
    expect(known.headers[REQUEST_ID_HEADER]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("keeps the client's request id and passes it to the subgraph", async () => {
    const request = body(GET, { id: '702' }, 'Get');
    await post(stack.urls.gateway, request);
    const known = await post(stack.urls.gateway, request, { [REQUEST_ID_HEADER]: 'known-request-id' });
    expect(known.headers[REQUEST_ID_HEADER]).toBe('known-request-id');
    expect(readSubgraphCalls('known-request-id')).toBe(1);
    // Its access line, like every log line of the request, carries the id.
    const accessLines = lines.filter(
      (line) => line.includes('"service":"gateway"') && line.includes('"msg":"request"'),
    );
    expect(accessLines.filter((line) => line.includes('"requestId":"known-request-id"'))).toHaveLength(1);
  });

  it.each([
    ['invalid variables', body(GET, { id: { $gt: '' } }, 'Get'), 400, 'BAD_USER_INPUT'],
    ['a missing variable', body(GET, {}, 'Get'), 400, 'BAD_USER_INPUT'],
    ['variables that are not an object', JSON.stringify({ query: GET, variables: [1] }), 400, 'BAD_REQUEST'],
    ['a cost over the limit', body(PAGE, { first: 100 }, 'Page'), 400, 'GRAPHQL_VALIDATION_FAILED'],
    ['a body that is not JSON', `{"query": ${JSON.stringify(GET)}`, 400, 'BAD_REQUEST'],
    ['a JSON body that is not an object', '"query"', 400, 'BAD_REQUEST'],
  ])('leaves %s to the general path, which refuses it in its own words', async (_name, request, status, code) => {
    await post(stack.urls.gateway, body(GET, { id: '701' }, 'Get'));
    await post(stack.urls.gateway, body(PAGE, { first: 2 }, 'Page'));
    const before = await answered();
    const refused = await post(stack.urls.gateway, request);
    expect(refused.status).toBe(status);
    expect(
      (JSON.parse(refused.text) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
    ).toBe(code);
    expect(await answered()).toBe(before);
  });

  it("passes a subgraph's error to the general path, which answers it from the one call already made", async () => {
    const after = 'query After($after: String) { people(first: 2, after: $after) { totalCount } }';
    await post(stack.urls.gateway, body(after, {}, 'After'));
    const before = await answered();
    const refused = await post(stack.urls.gateway, body(after, { after: 'not a cursor' }, 'After'), {
      [REQUEST_ID_HEADER]: 'known-refused',
    });
    expect(JSON.parse(refused.text)).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });

    expect(readSubgraphCalls('known-refused')).toBe(1);
    expect(await answered()).toBe(before);
  });

  it("leaves a browser's CORS request to the general path", async () => {
    const request = body(GET, { id: '701' }, 'Get');
    await post(stack.urls.gateway, request);
    const before = await answered();
    const cors = await post(stack.urls.gateway, request, { origin: 'http://app.test' });
    expect(cors.status).toBe(200);
    expect(cors.headers.vary).toBe('Origin');
    expect(await answered()).toBe(before);
  });

  it('survives bodies cut short or sent slowly, and answers the next request', async () => {
    const request = body(GET, { id: '701' }, 'Get');
    await post(stack.urls.gateway, request);
    const { port, pathname } = new URL(stack.urls.gateway);
    const head = (length: number) =>
      `POST ${pathname} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
    await expectEveryCutIgnored(stack.urls.gateway, request);
    // A body that stops coming is still waiting when the client gives up: nothing is answered.
    expect(await cutRequest(Number(port), head(request.length), request.slice(0, 10), false)).toBe('');
    const slow = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `${head(Buffer.byteLength(request)).replace('\r\n\r\n', '\r\nConnection: close\r\n\r\n')}${request.slice(0, 20)}`,
        );
        setTimeout(() => socket.write(request.slice(20)), 200);
      });
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
    });
    expect(slow).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(slow).toContain('"documentId":"701"');
    expect((await post(stack.urls.gateway, request)).status).toBe(200);
  });
});

describe('known operations with the rate limit reached', () => {
  const PER_MINUTE = 3;
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      gateway: { http: { ...loadGatewayConfig({}).http, rateLimitPerMinute: PER_MINUTE } },
    });
  });

  afterAll(() => stack.close());

  it('refuses the request over the limit as the general path does', async () => {
    const request = JSON.stringify({ query: GET, variables: { id: '1' } });
    const answers: Answer[] = [];
    for (let index = 0; index <= PER_MINUTE; index += 1) answers.push(await post(stack.urls.gateway, request));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
    expect(answers.map(remaining)).toEqual([2, 1, 0, 0]);
    const over = answers[PER_MINUTE];
    expect(over?.headers['retry-after']).toMatch(/^\d+$/);
    expect(JSON.parse(over?.text ?? '{}')).toMatchObject({ errors: [{ extensions: { code: 'TOO_MANY_REQUESTS' } }] });
  });
});

describe('known operations with authentication on', () => {
  let issuer: TestIssuer;
  let stack: TestStack;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    stack = await startTestStack({ gateway: { auth: issuer.auth } });
  });

  afterAll(async () => {
    await stack.close();
    await issuer.close();
  });

  it('checks the token and its scope on every request, as the general path does', async () => {
    const request = JSON.stringify({ query: GET, variables: { id: '1' } });
    const reader = bearer(await issuer.sign({ scope: 'people:read' }));
    const writer = bearer(await issuer.sign({ scope: 'people:write' }));
    const forged = bearer(await issuer.sign({ scope: 'people:read', key: issuer.strangerKey }));
    const first = await post(stack.urls.gateway, request, reader);
    expect(first.status).toBe(200);
    expect(stable(await post(stack.urls.gateway, request, reader))).toEqual(stable(first));
    const noScope = await post(stack.urls.gateway, request, writer);
    expect(noScope.status).toBe(403);
    expect(noScope.headers['www-authenticate']).toBe('Bearer error="insufficient_scope"');
    const bad = await post(stack.urls.gateway, request, forged);
    expect(bad.status).toBe(401);
    const none = await post(stack.urls.gateway, request);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
  });
});

describe("the bridge's GET /{doc_id} below express", () => {
  let stack: TestStack;
  const lines: string[] = [];

  beforeAll(async () => {
    stack = await startTestStack({
      logLevel: 'info',
      logDestination: { write: (line: string) => lines.push(line) },
      bridge: { http: { ...loadBridgeConfig({}).http, rateLimitPerMinute: LIMIT } },
    });
    const created = await graphql(stack.urls.gateway, CREATE, { input: personInput('801') });
    expect(created.body.errors).toBeUndefined();
  });

  afterAll(() => stack.close());

  const get = async (path: string, headers: Record<string, string> = {}): Promise<Answer> => {
    const response = await fetch(`${stack.urls.bridge.read}${path}`, { headers });
    return { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() };
  };
  const gatewayCalls = (requestId: string) =>
    lines.filter((line) => line.includes('"service":"gateway"') && line.includes(`"requestId":"${requestId}"`)).length;

  it.each([
    ['a person', '/801', 200],
    ['nobody', '/802', 404],
  ])(
    'answers %s with the status, headers and body of the express route, from one gateway call',
    async (_name, path, status) => {
      // A query string is the route's business only: express answers it.
      const general = await get(`${path}?via=express`);
      const below = await get(path, { [REQUEST_ID_HEADER]: `below${path.slice(1)}` });
      expect(general.status).toBe(status);
      expect(stable(below)).toEqual(stable(general));
      expect(remaining(below)).toBe(remaining(general) - 1);
      expect(below.headers[REQUEST_ID_HEADER]).toBe(`below${path.slice(1)}`);
      expect(gatewayCalls(`below${path.slice(1)}`)).toBe(1);
    },
  );

  it('leaves conditional and CORS reads to express', async () => {
    const first = await get('/801');
    const tag = first.headers.etag ?? '';
    expect(tag).not.toBe('');
    expect((await get('/801', { 'if-none-match': tag })).status).toBe(304);
    const cors = await get('/801', { origin: 'http://app.test' });
    expect(cors.status).toBe(200);
    expect(cors.headers['access-control-allow-origin']).toBe('http://app.test');
  });
});

describe("the bridge's GET /{doc_id} below express, with authentication on", () => {
  let issuer: TestIssuer;
  let stack: TestStack;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    stack = await startTestStack({ gateway: { auth: issuer.auth }, bridge: { auth: issuer.auth } });
    const writer = bearer(await issuer.sign({ scope: 'people:read people:write' }));
    const created = await graphql(stack.urls.gateway, CREATE, { input: personInput('901') }, writer);
    expect(created.body.errors).toBeUndefined();
  });

  afterAll(async () => {
    await stack.close();
    await issuer.close();
  });

  it('checks the token and its scope as the express route does, and passes the token on to the gateway', async () => {
    const read = async (headers: Record<string, string>) => {
      const response = await fetch(`${stack.urls.bridge.read}/901`, { headers });
      return { status: response.status, challenge: response.headers.get('www-authenticate') };
    };
    expect(await read(bearer(await issuer.sign({ scope: 'people:read' })))).toEqual({ status: 200, challenge: null });
    expect((await read(bearer(await issuer.sign({ scope: 'people:write' })))).status).toBe(403);
    expect((await read(bearer(await issuer.sign({ scope: 'people:read', key: issuer.strangerKey })))).status).toBe(401);
    expect(await read({})).toEqual({ status: 401, challenge: 'Bearer' });
  });
});

describe('known queries answered below Apollo Server in a subgraph', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: METRICS_ON });
    const created = await graphql(stack.urls.gateway, CREATE, { input: personInput('601') });
    expect(created.body.errors).toBeUndefined();
  });

  afterAll(() => stack.close());

  const answered = async () => {
    const metricsUrl = stack.urls.metrics['subgraph-read'];
    if (!metricsUrl) throw new Error('read subgraph metrics are off');
    return sampleSum(await (await fetch(metricsUrl)).text(), 'graphql_known_operation_answers_total');
  };

  it('answers a query it has run with the status, headers and body Apollo Server gave', async () => {
    const request = JSON.stringify({ query: GET, variables: { id: '601' }, operationName: 'Get' });
    const before = await answered();
    const general = await post(stack.urls.subgraphs.read, request);
    const known = await post(stack.urls.subgraphs.read, request);
    expect(JSON.parse(general.text)).toMatchObject({ data: { person: { documentId: '601' } } });
    expect(stable(known)).toEqual(stable(general));
    expect(await answered()).toBe(before + 1);
  });

  it('survives a known query cut at every byte, and answers it whole afterwards', async () => {
    const request = JSON.stringify({ query: GET, variables: { id: '601' } });
    await post(stack.urls.subgraphs.read, request);
    await expectEveryCutIgnored(stack.urls.subgraphs.read, request);
    expect(JSON.parse((await post(stack.urls.subgraphs.read, request)).text)).toMatchObject({
      data: { person: { documentId: '601' } },
    });
  });

  it.each([
    ['a result with errors', PAGE, { first: 2 }, { first: 1000 }, {}],
    [
      'a request for a federated trace',
      GET,
      { id: '601' },
      { id: '601' },
      { 'apollo-federation-include-trace': 'ftv1' },
    ],
    ['invalid variables', GET, { id: '601' }, { id: [] }, {}],
  ])('leaves %s to Apollo Server', async (_name, query, valid, variables, headers) => {
    // Run once with valid variables: the query is known from then on.
    await post(stack.urls.subgraphs.read, JSON.stringify({ query, variables: valid }));
    const request = JSON.stringify({ query, variables });
    const before = await answered();
    const first = await post(stack.urls.subgraphs.read, request, headers);
    const again = await post(stack.urls.subgraphs.read, request, headers);
    // Apollo Server answers both: the errors, or a trace (timed anew each time).
    expect(again.status).toBe(first.status);
    for (const answer of [first, again]) expect(answer.text).toMatch(/"errors"|"ftv1"/);
    expect(await answered()).toBe(before);
  });
});
