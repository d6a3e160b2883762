import { closeClientAgent, restPerson, send, sendJson } from '../../../rest-bridge/src/__tests__/support/client';
import { bearer, startTestIssuer, type TestIssuer } from './support/tokens';
import { PERSON_FIELDS, graphql, personInput, startTestStack, type TestStack } from './support/testStack';

const GET = `query Get($id: ID!) { person(documentId: $id) { ${PERSON_FIELDS} } }`;
const CREATE = `mutation Create($input: CreatePersonInput!) { createPerson(input: $input) { documentId } }`;
const ALL = 'people:read people:write';

describe('authentication with bearer JWTs (gateway and REST bridge)', () => {
  let issuer: TestIssuer;
  let stack: TestStack;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    stack = await startTestStack({ gateway: { auth: issuer.auth }, bridge: { auth: issuer.auth } });
  });

  afterAll(async () => {
    closeClientAgent();
    await stack.close();
    await issuer.close();
  });

  describe('the gateway', () => {
    it('refuses an operation without a token: 401 UNAUTHENTICATED with a Bearer challenge', async () => {
      const result = await graphql(stack.urls.gateway, GET, { id: '1' });
      expect(result.status).toBe(401);
      expect(result.headers.get('www-authenticate')).toBe('Bearer');
      expect(result.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(result.body.errors?.[0]?.message).toMatch(/Authorization: Bearer/);
    });

    it.each([
      [
        'a header that is not a bearer token',
        () => Promise.resolve({ authorization: 'Basic dXNlcjpwYXNz' }),
        /Bearer <token>/,
      ],
      ['a token that is not a JWT', () => Promise.resolve(bearer('not.a.jwt')), /malformed/],
      [
        'a token signed by another key',
        async () => bearer(await issuer.sign({ scope: ALL, key: issuer.strangerKey })),
        /signature/,
      ],
      ['an expired token', async () => bearer(await issuer.sign({ scope: ALL, expiresIn: -60 })), /expired/],
      [
        'a token for another audience',
        async () => bearer(await issuer.sign({ scope: ALL, audience: 'other-api' })),
        /aud/,
      ],
      [
        'a token from another issuer',
        async () => bearer(await issuer.sign({ scope: ALL, issuer: 'https://evil.test/' })),
        /iss/,
      ],
    ])('refuses %s with 401', async (_case, headers, message) => {
      const result = await graphql(stack.urls.gateway, GET, { id: '1' }, await headers());
      expect(result.status).toBe(401);
      expect(result.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(result.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(result.body.errors?.[0]?.message).toMatch(message);
    });

    it('lets a query through with people:read, and refuses a mutation with it (403 FORBIDDEN)', async () => {
      const read = bearer(await issuer.sign({ scope: 'people:read' }));
      const query = await graphql(stack.urls.gateway, GET, { id: '1' }, read);
      expect(query.status).toBe(200);
      expect(query.body).toEqual({ data: { person: null } });
      const mutation = await graphql(stack.urls.gateway, CREATE, { input: personInput('7001') }, read);
      expect(mutation.status).toBe(403);
      expect(mutation.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(mutation.body.errors?.[0]?.message).toMatch(/people:write/);
      expect(mutation.body.data ?? null).toBeNull();
    });

    it('lets a mutation through with people:write (scp as an array), and refuses a query with only that', async () => {
      const write = bearer(await issuer.sign({ scp: ['people:write'] }));
      const mutation = await graphql(stack.urls.gateway, CREATE, { input: personInput('7002') }, write);
      expect(mutation.status).toBe(200);
      expect(mutation.body.data).toEqual({ createPerson: { documentId: '7002' } });
      const query = await graphql(stack.urls.gateway, GET, { id: '7002' }, write);
      expect(query.status).toBe(403);
      expect(query.body.errors?.[0]?.message).toMatch(/people:read/);
    });

    it('does not let a GET that asks for HTML slip an operation past the token check', async () => {
      const url = `${stack.urls.gateway}?query=${encodeURIComponent('{ person(documentId: "1") { documentId } }')}`;
      const production = await startTestStack({ production: true, gateway: { auth: issuer.auth } });
      try {
        const target = url.replace(stack.urls.gateway, production.urls.gateway);
        const response = await fetch(target, { headers: { accept: 'text/html', 'apollo-require-preflight': 'true' } });
        // Apollo refuses it (406: no landing page in production), or the scope check does (401).
        expect([401, 406]).toContain(response.status);
        expect(await response.text()).not.toMatch(/"data"/);
      } finally {
        await production.close();
      }
    });

    it('answers every tokenless GET that is not for the landing page with 401, whatever it asks', async () => {
      const production = await startTestStack({ production: true, gateway: { auth: issuer.auth } });
      const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
      // A typo (validation error naming fields), an enum probe and a valid query.
      const probes = [
        '{ person(documentId: "1") { documentI } }',
        '{ people(filter: { documentType: CEDUL }) { totalCount } }',
        '{ person(documentId: "1") { documentId } }',
      ];
      try {
        for (const query of probes) {
          for (const [target, accept] of [
            [production.urls.gateway, BROWSER],
            [production.urls.gateway, 'application/json'],
            // Apollo serves JSON for this one, so in development it is no landing-page request either.
            [stack.urls.gateway, 'application/graphql-response+json, text/html;q=0.9, application/json;q=0.1'],
          ] as const) {
            const response = await fetch(`${target}?query=${encodeURIComponent(query)}`, {
              headers: { accept, 'apollo-require-preflight': 'true' },
            });
            const text = await response.text();
            expect({ query, accept, status: response.status }).toEqual({ query, accept, status: 401 });
            expect(text).toMatch(/UNAUTHENTICATED/);
            expect(text).not.toMatch(/documentI\b|CEDUL|Did you mean|"data"/);
          }
        }
      } finally {
        await production.close();
      }
    });

    it('answers a tokenless POST with 401 before validating it', async () => {
      const result = await graphql(stack.urls.gateway, '{ person(documentId: "1") { documentI } }');
      expect(result.status).toBe(401);
      expect(JSON.stringify(result.body)).not.toMatch(/documentI\b/);
    });

    it('keeps health, readiness, photos and the landing page open', async () => {
      const origin = new URL(stack.urls.gateway).origin;
      expect((await fetch(`${origin}/healthz`)).status).toBe(200);
      expect((await fetch(`${origin}/readyz`)).status).toBe(200);
      expect((await fetch(`${origin}/photos/AAAAAAAAAAAAAAAAAAAAAA.png`)).status).toBe(404);
      const page = await fetch(stack.urls.gateway, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/html/);
    });
  });

  describe('the REST bridge', () => {
    it('answers 401 with a Bearer challenge and a detail when no token comes', async () => {
      const response = await send(stack.urls.bridge.read, { method: 'GET', path: '/' });
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.json).toEqual({ detail: expect.stringMatching(/Authorization: Bearer/) });
    });

    it.each([
      ['an expired token', () => issuer.sign({ scope: ALL, expiresIn: -60 }), /expired/],
      ['a token for another audience', () => issuer.sign({ scope: ALL, audience: 'other-api' }), /aud/],
      ['a forged token', () => issuer.sign({ scope: ALL, key: issuer.strangerKey }), /signature/],
    ])('answers 401 to %s', async (_case, token, detail) => {
      const response = await send(stack.urls.bridge.read, {
        method: 'GET',
        path: '/1',
        headers: bearer(await token()),
      });
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      expect(response.json).toEqual({ detail: expect.stringMatching(detail) });
    });

    it('checks the scope per method: GET needs people:read, POST/PATCH/DELETE people:write', async () => {
      const read = bearer(await issuer.sign({ scope: 'people:read' }));
      const write = bearer(await issuer.sign({ scope: 'people:write' }));
      const refused = await sendJson(stack.urls.bridge.create, 'POST', '/', restPerson('7101'), read);
      expect(refused.status).toBe(403);
      expect(refused.json).toEqual({ detail: expect.stringMatching(/people:write/) });
      const created = await sendJson(stack.urls.bridge.create, 'POST', '/', restPerson('7101'), write);
      expect(created.status).toBe(201);
      expect((await send(stack.urls.bridge.read, { method: 'GET', path: '/7101', headers: write })).status).toBe(403);
      expect((await send(stack.urls.bridge.read, { method: 'GET', path: '/7101', headers: read })).status).toBe(200);
      const patch = (headers: Record<string, string>) =>
        sendJson(stack.urls.bridge.update, 'PATCH', '/7101', { first_name: 'Eva' }, headers);
      expect((await patch(read)).status).toBe(403);
      expect((await patch(write)).status).toBe(200);
      const remove = (headers: Record<string, string>) =>
        send(stack.urls.bridge.delete, { method: 'DELETE', path: '/7101', headers });
      expect((await remove(read)).status).toBe(403);
      expect((await remove(write)).status).toBe(200);
    });

    it('keeps health and the API docs open, the docs saying a token is required', async () => {
      expect((await send(stack.urls.bridge.read, { method: 'GET', path: '/healthz' })).status).toBe(200);
      const document = await send(stack.urls.bridge.read, { method: 'GET', path: '/openapi.json' });
      expect(document.status).toBe(200);
      expect((document.json as { security?: unknown }).security).toEqual([{ bearerAuth: [] }]);
      expect((await send(stack.urls.bridge.read, { method: 'GET', path: '/docs' })).status).toBe(200);
    });
  });
});

describe('a bridge without authentication in front of a gateway with it', () => {
  let issuer: TestIssuer;
  let stack: TestStack;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    stack = await startTestStack({ gateway: { auth: issuer.auth } });
  });

  afterAll(async () => {
    closeClientAgent();
    await stack.close();
    await issuer.close();
  });

  it("forwards the caller's token: with it the gateway answers, without it the gateway's 401 comes back", async () => {
    const token = bearer(await issuer.sign({ scope: ALL }));
    expect((await sendJson(stack.urls.bridge.create, 'POST', '/', restPerson('7201'), token)).status).toBe(201);
    const anonymous = await send(stack.urls.bridge.read, { method: 'GET', path: '/7201' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(anonymous.json).toEqual({ detail: expect.any(String) });
  });
});
