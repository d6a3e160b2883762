import { startTestStack, type TestStack } from '../../../stack/src/__tests__/support/testStack';
import { closeClientAgent, restPerson, send, sendJson, type RawResponse } from './support/client';

interface Detail {
  loc: (string | number)[];
  msg: string;
  type: string;
}

function detailList(response: RawResponse): Detail[] {
  expect(response.status).toBe(422);
  const detail = (response.json as { detail: Detail[] }).detail;
  expect(Array.isArray(detail)).toBe(true);
  for (const entry of detail) {
    expect(typeof entry.msg).toBe('string');
    expect(typeof entry.type).toBe('string');
  }
  return detail;
}

function expectDetail(response: RawResponse, status: number): void {
  expect(response.status).toBe(status);
  expect(response.json).toEqual({ detail: expect.any(String) });
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('the REST bridge routes on ports 8011 to 8014', () => {
  let stack: TestStack;
  let urls: TestStack['urls']['bridge'];

  beforeAll(async () => {
    stack = await startTestStack();
    urls = stack.urls.bridge;
  });

  afterAll(async () => {
    closeClientAgent();
    await stack.close();
  });

  async function create(documentId: string, overrides: Record<string, unknown> = {}): Promise<RawResponse> {
    return sendJson(urls.create, 'POST', '/', restPerson(documentId, overrides));
  }

  describe('8011 create', () => {
    it('creates from the old date format and answers 201 with the person and a Location on the read port', async () => {
      const response = await create('1001');
      expect(response.status).toBe(201);
      expect(response.json).toEqual({
        document_type: 'Cédula',
        document_id: '1001',
        first_name: 'Ana',
        middle_name: '',
        last_name: 'García',
        birth_date: '1990-05-17',
        gender: 'Femenino',
        email: 'ana1001@example.com',
        phone: '3001234567',
        photo_url: 'https://example.com/photo.jpg',
        created_at: expect.stringMatching(ISO_INSTANT),
        updated_at: expect.stringMatching(ISO_INSTANT),
      });
      expect(response.headers.location).toBe(`${urls.read}/1001`);
      const read = await send(urls.read, { method: 'GET', path: '/1001' });
      expect(read.json).toEqual(response.json);
    });

    it('accepts yyyy-mm-dd, a middle name, the other labels, and ignores server-set fields sent back', async () => {
      const response = await create('1002', {
        document_type: 'Tarjeta de identidad',
        middle_name: 'Lucía',
        birth_date: '2010-02-28',
        gender: 'Prefiero no decir',
        photo_url: 'https://evil.example/x.png',
        created_at: '2000-01-01T00:00:00Z',
      });
      expect(response.status).toBe(201);
      expect(response.json).toMatchObject({
        document_type: 'Tarjeta de identidad',
        middle_name: 'Lucía',
        birth_date: '2010-02-28',
        gender: 'Prefiero no decir',
        photo_url: 'https://example.com/photo.jpg',
      });
      expect((response.json as { created_at: string }).created_at).not.toBe('2000-01-01T00:00:00Z');
    });

    it('answers 409 when the document_id is taken', async () => {
      expect((await create('1003')).status).toBe(201);
      expectDetail(await create('1003', { email: 'other@example.com' }), 409);
    });

    it('answers 422 with one entry per invalid field, unknown fields and operator objects included', async () => {
      const response = await sendJson(urls.create, 'POST', '/', {
        ...restPerson('1004'),
        first_name: '12345',
        email: { $gt: '' },
        phone: '12',
        birth_date: '31-02-1990',
        gender: 'M',
        extra: true,
      });
      const detail = detailList(response);
      expect(detail.map((entry) => entry.loc).sort()).toEqual(
        [
          ['body', 'birth_date'],
          ['body', 'email'],
          ['body', 'extra'],
          ['body', 'first_name'],
          ['body', 'gender'],
          ['body', 'phone'],
        ].sort(),
      );
      expect((await send(urls.read, { method: 'GET', path: '/1004' })).status).toBe(404);
    });

    it('answers 422 for a birth date in the future and for a JSON value that is not an object', async () => {
      const future = detailList(await create('1005', { birth_date: '01-01-2999' }));
      expect(future).toEqual([{ loc: ['body', 'birth_date'], msg: expect.any(String), type: expect.any(String) }]);
      for (const body of [[], 42, 'text', null]) {
        const response = await sendJson(urls.create, 'POST', '/', body);
        expect(detailList(response)[0]?.loc).toEqual(['body']);
      }
    });

    it('answers 400 for malformed JSON, 415 for another content type, 413 for a large body', async () => {
      expectDetail(
        await send(urls.create, {
          method: 'POST',
          path: '/',
          headers: { 'content-type': 'application/json' },
          body: '{"document_id": ',
        }),
        400,
      );
      expectDetail(
        await send(urls.create, {
          method: 'POST',
          path: '/',
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify(restPerson('1006')),
        }),
        415,
      );
      expectDetail(
        await send(urls.create, { method: 'POST', path: '/', body: JSON.stringify(restPerson('1006')) }),
        415,
      );
      expectDetail(
        await sendJson(urls.create, 'POST', '/', { ...restPerson('1006'), first_name: 'x'.repeat(20_000) }),
        413,
      );
    });

    it('serves only its own routes', async () => {
      expectDetail(await send(urls.create, { method: 'GET', path: '/' }), 405);
      expectDetail(await send(urls.create, { method: 'GET', path: '/1001' }), 404);
      expectDetail(await sendJson(urls.create, 'PATCH', '/1001', {}), 404);
      expectDetail(await send(urls.create, { method: 'DELETE', path: '/1001' }), 404);
    });
  });

  describe('8012 read', () => {
    beforeAll(async () => {
      expect((await create('2001', { middle_name: 'Luz' })).status).toBe(201);
    });

    it('GET /{doc_id}: 200, 404, and 422 for an id that cannot exist', async () => {
      const found = await send(urls.read, { method: 'GET', path: '/2001' });
      expect(found.status).toBe(200);
      expect(found.json).toMatchObject({ document_id: '2001', middle_name: 'Luz' });
      expectDetail(await send(urls.read, { method: 'GET', path: '/2999' }), 404);
      expect(detailList(await send(urls.read, { method: 'GET', path: '/abc' }))).toEqual([
        { loc: ['path', 'doc_id'], msg: expect.any(String), type: expect.any(String) },
      ]);
      expect(detailList(await send(urls.read, { method: 'GET', path: '/12345678901' }))[0]?.loc).toEqual([
        'path',
        'doc_id',
      ]);
    });

    it('GET /detail?doc_id=&doc_type= (older route): 200, 404 on another type, 422 on bad query', async () => {
      const byId = await send(urls.read, { method: 'GET', path: '/detail?doc_id=2001' });
      expect(byId.status).toBe(200);
      const typed = await send(urls.read, {
        method: 'GET',
        path: `/detail?doc_id=2001&doc_type=${encodeURIComponent('Cédula')}`,
      });
      expect(typed.json).toEqual(byId.json);
      expectDetail(
        await send(urls.read, {
          method: 'GET',
          path: `/detail?doc_id=2001&doc_type=${encodeURIComponent('Tarjeta de identidad')}`,
        }),
        404,
      );
      expectDetail(await send(urls.read, { method: 'GET', path: '/detail?doc_id=2999' }), 404);
      expect(detailList(await send(urls.read, { method: 'GET', path: '/detail' }))[0]?.loc).toEqual([
        'query',
        'doc_id',
      ]);
      expect(
        detailList(await send(urls.read, { method: 'GET', path: '/detail?doc_id=2001&doc_type=Passport' }))[0]?.loc,
      ).toEqual(['query', 'doc_type']);
      expect(detailList(await send(urls.read, { method: 'GET', path: '/detail?doc_id=1&doc_id=2' }))[0]?.loc).toEqual([
        'query',
        'doc_id',
      ]);
    });

    it.each(['/2001', '/detail?doc_id=2001'])(
      'GET %s carries an ETag and answers If-None-Match with 304 until the person changes',
      async (path) => {
        const first = await send(urls.read, { method: 'GET', path });
        const tag = first.headers.etag;
        expect(tag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
        expect(first.headers['cache-control']).toBe('private, no-cache');
        expect((await send(urls.read, { method: 'GET', path })).headers.etag).toBe(tag);

        for (const ifNoneMatch of [tag ?? '', `W/${String(tag)}`, `"other", ${String(tag)}`, '*']) {
          const unchanged = await send(urls.read, { method: 'GET', path, headers: { 'if-none-match': ifNoneMatch } });
          expect(unchanged.status).toBe(304);
          expect(unchanged.text).toBe('');
          expect(unchanged.headers.etag).toBe(tag);
        }
        const stale = await send(urls.read, { method: 'GET', path, headers: { 'if-none-match': '"other"' } });
        expect(stale.status).toBe(200);
        expect(stale.json).toEqual(first.json);

        const phone = (first.json as { phone: string }).phone === '3001111111' ? '3002222222' : '3001111111';
        expect((await sendJson(urls.update, 'PATCH', '/2001', { phone })).status).toBe(200);
        const changed = await send(urls.read, { method: 'GET', path, headers: { 'if-none-match': tag ?? '' } });
        expect(changed.status).toBe(200);
        expect(changed.json).toMatchObject({ phone });
        expect(changed.headers.etag).not.toBe(tag);
      },
    );

    it('GET /{doc_id} with If-None-Match still answers 404 for nobody', async () => {
      expectDetail(await send(urls.read, { method: 'GET', path: '/2999', headers: { 'if-none-match': '*' } }), 404);
    });

    it('GET / pages with limit and after, with a Link to the next page', async () => {
      for (const id of ['2002', '2003', '2004']) expect((await create(id)).status).toBe(201);
      const everyone = (await send(urls.read, { method: 'GET', path: '/' })).json as { document_id: string }[];
      const seen: string[] = [];
      let path: string | undefined = '/?limit=2';
      while (path) {
        const page: RawResponse = await send(urls.read, { method: 'GET', path });
        expect(page.status).toBe(200);
        const people = page.json as { document_id: string }[];
        expect(people.length).toBeLessThanOrEqual(2);
        seen.push(...people.map((person) => person.document_id));
        const link = typeof page.headers.link === 'string' ? page.headers.link : undefined;
        path = link ? /^<([^>]+)>; rel="next"$/.exec(link)?.[1] : undefined;
        if (link) expect(path).toBeDefined();
      }
      expect(seen).toEqual(everyone.map((person) => person.document_id));
    });

    it('GET / answers 422 for a bad limit or cursor', async () => {
      for (const query of ['limit=0', 'limit=101', 'limit=abc', 'limit=1&limit=2', 'limit=1.5']) {
        expect(detailList(await send(urls.read, { method: 'GET', path: `/?${query}` }))[0]?.loc).toEqual([
          'query',
          'limit',
        ]);
      }
      expect(
        detailList(await send(urls.read, { method: 'GET', path: '/?limit=5&after=bm90LWEtY3Vyc29y' }))[0]?.loc,
      ).toEqual(['query', 'after']);
    });

    it('serves only its own routes', async () => {
      expectDetail(await sendJson(urls.read, 'POST', '/', restPerson('2005')), 405);
      expectDetail(await sendJson(urls.read, 'PATCH', '/2001', {}), 405);
      expectDetail(await send(urls.read, { method: 'DELETE', path: '/2001' }), 405);
      expectDetail(await send(urls.read, { method: 'GET', path: '/2001/image' }), 404);
    });
  });

  describe('8013 update', () => {
    beforeAll(async () => {
      expect((await create('3001', { middle_name: 'Luz' })).status).toBe(201);
      expect((await create('3002')).status).toBe(201);
    });

    it('PATCH /{doc_id}: changes only the fields given', async () => {
      const before = (await send(urls.read, { method: 'GET', path: '/3001' })).json as Record<string, string>;
      const response = await sendJson(urls.update, 'PATCH', '/3001', {
        email: 'new@example.com',
        birth_date: '01-02-1991',
      });
      expect(response.status).toBe(200);
      expect(response.json).toEqual({
        ...before,
        email: 'new@example.com',
        birth_date: '1991-02-01',
        updated_at: expect.stringMatching(ISO_INSTANT),
      });
    });

    it('PATCH /{doc_id}: middle_name "" clears it; the same document_id is accepted, another is not', async () => {
      const cleared = await sendJson(urls.update, 'PATCH', '/3001', { middle_name: '', document_id: '3001' });
      expect(cleared.status).toBe(200);
      expect(cleared.json).toMatchObject({ middle_name: '' });
      expect(detailList(await sendJson(urls.update, 'PATCH', '/3001', { document_id: '3002' }))[0]?.loc).toEqual([
        'body',
        'document_id',
      ]);
    });

    it('PATCH /{doc_id}: 404, 422 (path and body), 400, 415, 413', async () => {
      expectDetail(await sendJson(urls.update, 'PATCH', '/3999', { first_name: 'Eva' }), 404);
      expect(detailList(await sendJson(urls.update, 'PATCH', '/x1', { first_name: 'Eva' }))[0]?.loc).toEqual([
        'path',
        'doc_id',
      ]);
      const invalid = detailList(await sendJson(urls.update, 'PATCH', '/3001', { email: 'nope', phone: 5, nick: 'x' }));
      expect(invalid.map((entry) => entry.loc).sort()).toEqual(
        [
          ['body', 'email'],
          ['body', 'nick'],
          ['body', 'phone'],
        ].sort(),
      );
      expectDetail(
        await send(urls.update, {
          method: 'PATCH',
          path: '/3001',
          headers: { 'content-type': 'application/json' },
          body: '{,}',
        }),
        400,
      );
      expectDetail(
        await send(urls.update, {
          method: 'PATCH',
          path: '/3001',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'a=b',
        }),
        415,
      );
      expectDetail(await sendJson(urls.update, 'PATCH', '/3001', { last_name: 'y'.repeat(40_000) }), 413);
    });

    it('PATCH /?doc_id=&doc_type= (older route): 200, and 404 when the type differs', async () => {
      const response = await sendJson(urls.update, 'PATCH', `/?doc_id=3002&doc_type=${encodeURIComponent('Cédula')}`, {
        first_name: 'Eva',
      });
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ document_id: '3002', first_name: 'Eva' });
      const plain = await sendJson(urls.update, 'PATCH', '/?doc_id=3002', { first_name: 'Eve' });
      expect(plain.json).toMatchObject({ first_name: 'Eve' });
      expectDetail(
        await sendJson(urls.update, 'PATCH', `/?doc_id=3002&doc_type=${encodeURIComponent('Tarjeta de identidad')}`, {
          first_name: 'Zoe',
        }),
        404,
      );
      expect((await send(urls.read, { method: 'GET', path: '/3002' })).json).toMatchObject({ first_name: 'Eve' });
      expect(detailList(await sendJson(urls.update, 'PATCH', '/', { first_name: 'Eva' }))[0]?.loc).toEqual([
        'query',
        'doc_id',
      ]);
    });

    it('PATCH image routes check the path and the content type before anything else', async () => {
      expect(detailList(await send(urls.update, { method: 'PATCH', path: '/abc/image' }))[0]?.loc).toEqual([
        'path',
        'doc_id',
      ]);
      expectDetail(await sendJson(urls.update, 'PATCH', '/3001/image', { file: 'x' }), 415);
      expectDetail(
        await send(urls.update, {
          method: 'PATCH',
          path: `/image?doc_id=3001&doc_type=${encodeURIComponent('Tarjeta de identidad')}`,
        }),
        404,
      );
      expectDetail(
        await send(urls.update, {
          method: 'PATCH',
          path: '/3001/image',
          headers: { 'content-type': 'multipart/form-data' },
          body: 'x',
        }),
        400,
      );
    });

    it('serves only its own routes', async () => {
      expectDetail(await send(urls.update, { method: 'GET', path: '/3001' }), 405);
      expectDetail(await sendJson(urls.update, 'POST', '/', restPerson('3003')), 405);
    });
  });

  describe('8014 delete', () => {
    beforeAll(async () => {
      for (const id of ['4001', '4002']) expect((await create(id)).status).toBe(201);
    });

    it('DELETE /{doc_id}: 200 with the person as it was, then 404', async () => {
      const before = (await send(urls.read, { method: 'GET', path: '/4001' })).json;
      const response = await send(urls.delete, { method: 'DELETE', path: '/4001' });
      expect(response.status).toBe(200);
      expect(response.json).toEqual(before);
      expectDetail(await send(urls.read, { method: 'GET', path: '/4001' }), 404);
      expectDetail(await send(urls.delete, { method: 'DELETE', path: '/4001' }), 404);
      expect(detailList(await send(urls.delete, { method: 'DELETE', path: '/4x' }))[0]?.loc).toEqual([
        'path',
        'doc_id',
      ]);
    });

    it('DELETE /?doc_id=&doc_type= (older route): 404 on another type (nothing deleted), then 200', async () => {
      expectDetail(
        await send(urls.delete, {
          method: 'DELETE',
          path: `/?doc_id=4002&doc_type=${encodeURIComponent('Tarjeta de identidad')}`,
        }),
        404,
      );
      expect((await send(urls.read, { method: 'GET', path: '/4002' })).status).toBe(200);
      const response = await send(urls.delete, {
        method: 'DELETE',
        path: `/?doc_id=4002&doc_type=${encodeURIComponent('Cédula')}`,
      });
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ document_id: '4002' });
      expectDetail(await send(urls.delete, { method: 'DELETE', path: '/?doc_id=4002' }), 404);
      expect(detailList(await send(urls.delete, { method: 'DELETE', path: '/' }))[0]?.loc).toEqual(['query', 'doc_id']);
    });

    it('serves only its own routes', async () => {
      expectDetail(await send(urls.delete, { method: 'GET', path: '/4002' }), 405);
      expectDetail(await sendJson(urls.delete, 'POST', '/', restPerson('4003')), 405);
    });
  });

  describe('every port', () => {
    it('serves /healthz, /readyz, /openapi.json, and Swagger UI at /docs with local assets', async () => {
      for (const origin of Object.values(urls)) {
        expect((await send(origin, { method: 'GET', path: '/healthz' })).json).toEqual({ status: 'ok' });
        expect((await send(origin, { method: 'GET', path: '/readyz' })).json).toEqual({ status: 'ready' });
        const doc = await send(origin, { method: 'GET', path: '/openapi.json' });
        expect(doc.json).toMatchObject({ openapi: '3.1.0' });
        const page = await send(origin, { method: 'GET', path: '/docs' });
        expect(page.status).toBe(200);
        expect(page.headers['content-type']).toMatch(/text\/html/);
        expect(page.text).not.toMatch(/https?:\/\//);
        const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '');
        expect(assets.length).toBeGreaterThanOrEqual(3);
        for (const asset of assets) expect((await send(origin, { method: 'GET', path: asset })).status).toBe(200);
      }
    });

    it('echoes the client x-request-id, or makes one', async () => {
      const given = await send(urls.read, {
        method: 'GET',
        path: '/2001',
        headers: { 'x-request-id': 'client-id-42' },
      });
      expect(given.headers['x-request-id']).toBe('client-id-42');
      const made = await send(urls.read, { method: 'GET', path: '/2001' });
      expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('answers 404 with a detail for unknown paths and 400 for an undecodable one', async () => {
      expectDetail(await send(urls.read, { method: 'GET', path: '/a/b/c' }), 404);
      const odd = await send(urls.read, { method: 'GET', path: '/%E0%A4%A' });
      expect([400, 404, 422]).toContain(odd.status);
    });
  });
});
