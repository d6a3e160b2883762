import { PHOTO_MAX_BYTES } from '@people/domain';
import { createLogger } from '@people/platform';
import { REST_COMPAT_MODES, type RestCompat } from '../dialect/restCompat';
import { PNG_BYTES, pngOfSize } from '../../../stack/src/__tests__/support/photoFixtures';
import { startTestStack, type TestStack } from '../../../stack/src/__tests__/support/testStack';
import { loadBridgeConfig } from '../config';
import { start, type BridgeHandle } from '../server';
import { closeClientAgent, multipartBody, restPerson, send, sendJson, type RawResponse } from './support/client';
import { startFakeGateway, type FakeGateway } from './support/fakeGateway';

/** One answer per mode: what the older FastAPI services gave (legacy), and the strict contract's (409, 413 and 415 where they answered 400). */
type PerMode<T> = Record<RestCompat, T>;

function expectDetail(response: RawResponse, status: number): void {
  expect(response.status).toBe(status);
  expect(response.json).toEqual({ detail: expect.any(String) });
}

function expectFieldErrors(response: RawResponse, locs: (string | number)[][]): void {
  expect(response.status).toBe(422);
  const detail = (response.json as { detail: { loc: (string | number)[] }[] }).detail;
  expect(detail.map((entry) => entry.loc)).toEqual(locs);
}

const CEDULA = encodeURIComponent('Cédula');

/**
 * Each case where the older services answered otherwise, in both modes: a client written against
 * them keeps working in `legacy` (the default), and `strict` keeps its own answers (409, 413, 415).
 */
describe.each(REST_COMPAT_MODES)('BRIDGE_COMPAT=%s: the cases where the older services answered otherwise', (mode) => {
  let stack: TestStack;
  let urls: TestStack['urls']['bridge'];
  const legacy = mode === 'legacy';

  beforeAll(async () => {
    stack = await startTestStack({ bridge: { compat: mode } });
    urls = stack.urls.bridge;
    for (const id of ['5001', '5002', '5003']) {
      expect((await sendJson(urls.create, 'POST', '/', restPerson(id))).status).toBe(201);
    }
  });

  afterAll(async () => {
    closeClientAgent();
    await stack.close();
  });

  it('a JSON body with no Content-Type: read as JSON (201 / 200), or 415', async () => {
    const created = await send(urls.create, { method: 'POST', path: '/', body: JSON.stringify(restPerson('5101')) });
    const updated = await send(urls.update, { method: 'PATCH', path: '/5001', body: '{"first_name": "Eva"}' });
    if (legacy) {
      expect(created.status).toBe(201);
      expect(created.json).toMatchObject({ document_id: '5101' });
      expect(updated.status).toBe(200);
      expect(updated.json).toMatchObject({ document_id: '5001', first_name: 'Eva' });
    } else {
      expectDetail(created, 415);
      expectDetail(updated, 415);
      expect((await send(urls.read, { method: 'GET', path: '/5101' })).status).toBe(404);
    }
  });

  it('a Content-Type that is not JSON: 422 "not an object", as FastAPI answered, or 415', async () => {
    const response = await send(urls.create, {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(restPerson('5102')),
    });
    if (legacy) {
      expect(response.status).toBe(422);
      expect(response.json).toEqual({
        detail: [
          {
            type: 'model_attributes_type',
            loc: ['body'],
            msg: 'Input should be a valid dictionary or object to extract fields from',
          },
        ],
      });
    } else {
      expectDetail(response, 415);
    }
    expect((await send(urls.read, { method: 'GET', path: '/5102' })).status).toBe(404);
  });

  it('unknown fields ("nickname") in a create or PATCH body: ignored and dropped, or 422', async () => {
    const created = await sendJson(urls.create, 'POST', '/', { ...restPerson('5103'), nickname: 'Anita' });
    const updated = await sendJson(urls.update, 'PATCH', '/5002', { last_name: 'Ruiz', nickname: 'Anita' });
    if (legacy) {
      expect(created.status).toBe(201);
      expect(created.json).not.toHaveProperty('nickname');
      expect(updated.status).toBe(200);
      expect(updated.json).toMatchObject({ last_name: 'Ruiz' });
      expect(updated.json).not.toHaveProperty('nickname');
    } else {
      expectFieldErrors(created, [['body', 'nickname']]);
      expectFieldErrors(updated, [['body', 'nickname']]);
    }
  });

  it('document_id and document_type in a PATCH body: ignored (the record keeps both), or 422 / the type changed', async () => {
    const otherId = await sendJson(urls.update, 'PATCH', '/5003', { document_id: '5999', first_name: 'Eva' });
    const otherType = await sendJson(urls.update, 'PATCH', '/5003', { document_type: 'Tarjeta de identidad' });
    const stored = (await send(urls.read, { method: 'GET', path: '/5003' })).json;
    if (legacy) {
      expect(otherId.status).toBe(200);
      expect(otherType.status).toBe(200);
      expect(stored).toMatchObject({ document_id: '5003', document_type: 'Cédula', first_name: 'Eva' });
    } else {
      expectFieldErrors(otherId, [['body', 'document_id']]);
      expect(otherType.status).toBe(200);
      expect(stored).toMatchObject({ document_id: '5003', document_type: 'Tarjeta de identidad', first_name: 'Ana' });
    }
    expect((await send(urls.read, { method: 'GET', path: '/5999' })).status).toBe(404);
  });

  it('a document_id already taken: 400, or 409', async () => {
    const status: PerMode<number> = { legacy: 400, strict: 409 };
    expectDetail(await sendJson(urls.create, 'POST', '/', restPerson('5001')), status[mode]);
  });

  it('a photo over 2 MB or not a PNG or JPEG: 400 and 400, or 413 and 415', async () => {
    const upload = (content: Buffer) => {
      const { body, contentType } = multipartBody('file', 'photo.png', 'image/png', content);
      return send(urls.update, {
        method: 'PATCH',
        path: '/5001/image',
        headers: { 'content-type': contentType },
        body,
      });
    };
    const status: PerMode<[number, number]> = { legacy: [400, 400], strict: [413, 415] };
    expectDetail(await upload(pngOfSize(PHOTO_MAX_BYTES + 1)), status[mode][0]);
    expectDetail(await upload(Buffer.from('GIF89a, not a PNG')), status[mode][1]);
    expect((await upload(PNG_BYTES)).status).toBe(200);
  });

  it("malformed JSON: 422 json_invalid in FastAPI's shape, or 400", async () => {
    const malformed = (origin: string, method: string, path: string, body: string) =>
      send(origin, { method, path, headers: { 'content-type': 'application/json' }, body });
    const created = await malformed(urls.create, 'POST', '/', '{"document_id": ');
    const updated = await malformed(urls.update, 'PATCH', '/5001', '{,}');
    if (legacy) {
      expect(created.status).toBe(422);
      expect(created.text).toBe(
        '{"detail":[{"type":"json_invalid","loc":["body",16],"msg":"JSON decode error","input":{},"ctx":{"error":"Expecting value"}}]}',
      );
      expect(updated.json).toEqual({
        detail: [
          {
            type: 'json_invalid',
            loc: ['body', 1],
            msg: 'JSON decode error',
            input: {},
            ctx: { error: 'Expecting property name enclosed in double quotes' },
          },
        ],
      });
    } else {
      expectDetail(created, 400);
      expectDetail(updated, 400);
    }
  });

  it('doc_id=abc or an unknown doc_type on every query-form route: 404, or 422', async () => {
    const responses = [
      await send(urls.read, { method: 'GET', path: '/detail?doc_id=abc' }),
      await send(urls.read, { method: 'GET', path: '/detail?doc_id=5001&doc_type=Pasaporte' }),
      await sendJson(urls.update, 'PATCH', '/?doc_id=abc', { first_name: 'Eva' }),
      await sendJson(urls.update, 'PATCH', '/?doc_id=5001&doc_type=Pasaporte', { first_name: 'Eva' }),
      await send(urls.update, { method: 'PATCH', path: '/image?doc_id=abc' }),
      await send(urls.delete, { method: 'DELETE', path: '/?doc_id=abc' }),
      await send(urls.delete, { method: 'DELETE', path: '/?doc_id=5001&doc_type=Pasaporte' }),
    ];
    for (const response of responses) {
      if (legacy) expectDetail(response, 404);
      else expect(response.status).toBe(422);
    }
    expect((await send(urls.read, { method: 'GET', path: `/detail?doc_id=5001&doc_type=${CEDULA}` })).status).toBe(200);
    // A missing doc_id was a 422 to the older services too.
    expectFieldErrors(await send(urls.read, { method: 'GET', path: '/detail' }), [['query', 'doc_id']]);
  });

  it('GET /favicon.ico, GET /redoc, DELETE /nope: 404 {"detail": "Not Found"}, or 422', async () => {
    const responses = [
      await send(urls.read, { method: 'GET', path: '/favicon.ico' }),
      await send(urls.read, { method: 'GET', path: '/redoc' }),
      await send(urls.delete, { method: 'DELETE', path: '/nope' }),
      await sendJson(urls.update, 'PATCH', '/nope', { first_name: 'Eva' }),
    ];
    for (const response of responses) {
      if (legacy) {
        expect(response.status).toBe(404);
        expect(response.json).toEqual({ detail: 'Not Found' });
      } else {
        expectFieldErrors(response, [['path', 'doc_id']]);
      }
    }
  });

  it("serves an OpenAPI document describing this mode's answers", async () => {
    const document = (await send(urls.create, { method: 'GET', path: '/openapi.json' })).json as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const statuses = Object.keys(document.paths['/']?.post?.responses ?? {}).sort();
    expect(statuses).toEqual(
      legacy
        ? ['201', '400', '401', '403', '422', '429', '503']
        : ['201', '400', '401', '403', '409', '413', '415', '422', '429', '503'],
    );
    const update = (await send(urls.update, { method: 'GET', path: '/openapi.json' })).json as typeof document;
    const image = Object.keys(update.paths['/{doc_id}/image']?.patch?.responses ?? {}).sort();
    expect(image).toEqual(
      legacy
        ? ['200', '400', '401', '403', '404', '422', '429', '503']
        : ['200', '401', '403', '404', '413', '415', '422', '429', '503'],
    );
  });
});

describe.each(REST_COMPAT_MODES)('BRIDGE_COMPAT=%s: the default rate limit stays', (mode) => {
  let gateway: FakeGateway;
  let bridge: BridgeHandle;

  beforeAll(async () => {
    gateway = await startFakeGateway();
    const config = loadBridgeConfig({ GATEWAY_URL: gateway.url, BRIDGE_COMPAT: mode });
    bridge = await start(
      { ...config, host: '127.0.0.1', ports: { create: 0, read: 0, update: 0, delete: 0 } },
      createLogger({ service: 'rest-bridge', level: 'silent' }),
    );
  });

  afterAll(async () => {
    closeClientAgent();
    await bridge.close();
    await gateway.close();
  });

  it('more than 600 requests a minute from one client: the 601st is 429 with Retry-After', async () => {
    expect(loadBridgeConfig({ BRIDGE_COMPAT: mode }).http.rateLimitPerMinute).toBe(600);
    for (let sent = 0; sent < 600; sent += 50) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, () => send(bridge.urls.read, { method: 'GET', path: '/a/b' })),
      );
      for (const response of batch) expect(response.status).toBe(404);
    }
    const limited = await send(bridge.urls.read, { method: 'GET', path: '/a/b' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
