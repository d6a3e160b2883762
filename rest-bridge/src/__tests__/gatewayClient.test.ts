import http from 'node:http';
import { Writable } from 'node:stream';
import { createLogger } from '@people/platform';
import { start, type BridgeHandle } from '../server';
import { loadBridgeConfig } from '../config';
import { GetPerson, ListPeople, UpdatePersonPhoto } from '../operations';
import { closeClientAgent, multipartBody, send } from './support/client';
import { fakePerson, graphqlAnswer, startFakeGateway, type FakeGateway } from './support/fakeGateway';

/** What the bridge asks the gateway and how it takes the answers, against a stand-in gateway. */
describe('the bridge as a client of the gateway', () => {
  let gateway: FakeGateway;
  let bridge: BridgeHandle;
  const logLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    gateway = await startFakeGateway();
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
          logLines.push(JSON.parse(line) as Record<string, unknown>);
        callback();
      },
    });
    const config = {
      ...loadBridgeConfig({ GATEWAY_URL: gateway.url, BRIDGE_GATEWAY_TIMEOUT_MS: '500', BRIDGE_COMPAT: 'strict' }),
      host: '127.0.0.1',
      ports: { create: 0, read: 0, update: 0, delete: 0 },
    };
    bridge = await start(config, createLogger({ service: 'rest-bridge', level: 'info', destination }));
  });

  afterAll(async () => {
    closeClientAgent();
    await bridge.close();
    await gateway.close();
  });

  beforeEach(() => {
    gateway.seen.length = 0;
    logLines.length = 0;
  });

  it('sends a fixed named document with values as variables, and forwards x-request-id into every log line', async () => {
    gateway.answer = graphqlAnswer({ data: { person: fakePerson('42') } });
    const response = await send(bridge.urls.read, {
      method: 'GET',
      path: '/42',
      headers: { 'x-request-id': 'trace-123' },
    });
    expect(response.status).toBe(200);
    expect(response.headers['x-request-id']).toBe('trace-123');
    expect(gateway.seen).toHaveLength(1);
    const [request] = gateway.seen;
    expect(request?.headers['x-request-id']).toBe('trace-123');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body.toString() ?? '')).toEqual({
      operationName: 'GetPerson',
      query: GetPerson.document,
      variables: { documentId: '42' },
    });
    const requestLines = logLines.filter((line) => line.msg === 'request');
    expect(requestLines).toHaveLength(1);
    for (const line of logLines) expect(line.requestId).toBe('trace-123');
  });

  it('makes a request id when the client sends none, and sends the gateway that one', async () => {
    gateway.answer = graphqlAnswer({ data: { person: fakePerson('42') } });
    const response = await send(bridge.urls.read, { method: 'GET', path: '/42' });
    expect(gateway.seen[0]?.headers['x-request-id']).toBe(response.headers['x-request-id']);
  });

  it('keeps connections to the gateway alive and reuses them', async () => {
    gateway.answer = graphqlAnswer({ data: { person: fakePerson('42') } });
    for (let index = 0; index < 6; index += 1) await send(bridge.urls.read, { method: 'GET', path: '/42' });
    expect(new Set(gateway.seen.map((request) => request.remotePort)).size).toBe(1);
  });

  it('sends a photo as a GraphQL multipart request: operations, map, then the file, with the preflight header', async () => {
    gateway.answer = graphqlAnswer({
      data: { updatePersonPhoto: { ...fakePerson('42'), photoUrl: 'http://photos.example/42.png' } },
    });
    const file = Buffer.from('\x89PNG\r\n\x1a\nrest-of-the-file');
    const { body, contentType } = multipartBody('file', 'me.png', 'image/png', file);
    const response = await send(bridge.urls.update, {
      method: 'PATCH',
      path: '/42/image',
      headers: { 'content-type': contentType },
      body,
    });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ photo_url: 'http://photos.example/42.png' });
    const [request] = gateway.seen;
    expect(request?.headers['apollo-require-preflight']).toBe('true');
    const boundary = /boundary=(.+)$/.exec(request?.headers['content-type'] ?? '')?.[1] ?? '';
    expect(boundary).not.toBe('');
    const parts = (request?.body.toString('latin1') ?? '').split(`--${boundary}`).slice(1, -1);
    const names = parts.map((part) => /name="([^"]+)"/.exec(part)?.[1]);
    expect(names).toEqual(['operations', 'map', '0']);
    const operations = JSON.parse(parts[0]?.split('\r\n\r\n')[1] ?? '') as Record<string, unknown>;
    expect(operations).toEqual({
      operationName: 'UpdatePersonPhoto',
      query: UpdatePersonPhoto.document,
      variables: { documentId: '42', photo: null },
    });
    expect(JSON.parse(parts[1]?.split('\r\n\r\n')[1] ?? '')).toEqual({ '0': ['variables.photo'] });
    expect(parts[2]?.split('\r\n\r\n').slice(1).join('\r\n\r\n')).toBe(`${file.toString('latin1')}\r\n`);
  });

  it('answers 503 with Retry-After when the gateway fails, answers garbage or is too slow', async () => {
    const failures = [
      (_request: unknown, res: http.ServerResponse) => res.writeHead(502).end('<html>bad gateway</html>'),
      graphqlAnswer('not json at all'),
      (_request: unknown, res: http.ServerResponse) => {
        setTimeout(() => graphqlAnswer({ data: { person: null } })(_request as never, res), 1500).unref();
      },
      graphqlAnswer({
        errors: [{ message: 'store down', extensions: { code: 'SERVICE_UNAVAILABLE', retryAfter: 7 } }],
      }),
    ];
    const retryAfter: string[] = [];
    for (const failure of failures) {
      gateway.answer = failure;
      const response = await send(bridge.urls.read, {
        method: 'GET',
        path: '/42',
        headers: { 'x-request-id': 'down-1' },
      });
      expect(response.status).toBe(503);
      expect(response.json).toEqual({ detail: expect.any(String) });
      retryAfter.push(String(response.headers['retry-after']));
    }
    expect(retryAfter).toEqual(['5', '5', '5', '7']);
    expect(logLines.filter((line) => line.msg === 'gateway call failed').length).toBeGreaterThan(0);
    for (const line of logLines) expect(line.requestId).toBe('down-1');
  });

  it('maps each error code of the graph through HTTP_STATUS, and never leaks an unknown error', async () => {
    const cases: [string, number][] = [
      ['NOT_FOUND', 404],
      ['CONFLICT', 409],
      ['PAYLOAD_TOO_LARGE', 413],
      ['UNSUPPORTED_MEDIA_TYPE', 415],
      ['GRAPHQL_VALIDATION_FAILED', 500],
      ['INTERNAL_SERVER_ERROR', 500],
    ];
    for (const [code, status] of cases) {
      gateway.answer = graphqlAnswer({ errors: [{ message: `secret driver detail ${code}`, extensions: { code } }] });
      const response = await send(bridge.urls.delete, { method: 'DELETE', path: '/42' });
      expect(response.status).toBe(status);
      if (status === 500) expect(response.json).toEqual({ detail: 'Internal server error' });
    }
    gateway.answer = graphqlAnswer({
      errors: [
        {
          message: 'bad',
          extensions: {
            code: 'BAD_USER_INPUT',
            invalidFields: [{ field: 'firstName', message: 'Too long', type: 'string_too_long' }],
          },
        },
      ],
    });
    const invalid = await send(bridge.urls.update, {
      method: 'PATCH',
      path: '/42',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ first_name: 'Eva' }),
    });
    expect(invalid.status).toBe(422);
    expect(invalid.json).toEqual({
      detail: [{ loc: ['body', 'first_name'], msg: 'Too long', type: 'string_too_long' }],
    });
  });

  it('stops paging the gateway when the client of a streamed list goes away', async () => {
    let page = 0;
    gateway.answer = (request, res) => {
      const { operationName } = JSON.parse(request.body.toString()) as { operationName: string };
      expect(operationName).toBe(ListPeople.name);
      page += 1;
      const edges = Array.from({ length: 100 }, (_, index) => {
        const id = String(page * 1000 + index);
        return { cursor: `c${id}`, node: fakePerson(id) };
      });
      graphqlAnswer({ data: { people: { edges, pageInfo: { hasNextPage: true, endCursor: `c${page}` } } } })(
        request,
        res,
      );
    };
    await new Promise<void>((resolve, reject) => {
      const request = http.get(`${bridge.urls.read}/`, (response) => {
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > 200_000) {
            request.destroy();
            resolve();
          }
        });
      });
      request.on('error', (error) => {
        if (!request.destroyed) reject(error);
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const pagesWhenStopped = gateway.seen.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(gateway.seen.length).toBe(pagesWhenStopped);
    expect(pagesWhenStopped).toBeLessThan(20);
  });
});
