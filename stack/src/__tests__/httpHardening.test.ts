import { loadGatewayConfig } from '@people/gateway';
import { loadBridgeConfig } from '@people/rest-bridge';
import { loadHttpSecurityConfig } from '@people/platform';
import { closeClientAgent, restPerson, send, sendJson } from '../../../rest-bridge/src/__tests__/support/client';
import { graphql, startTestStack, type TestStack } from './support/testStack';

const QUERY = '{ person(documentId: "1") { documentId } }';

describe('rate limiting per client', () => {
  let gatewayLimited: TestStack;
  let bridgeLimited: TestStack;
  const limit = (rateLimitPerMinute: number) => ({
    rateLimitPerMinute,
    corsOrigins: true as const,
    trustProxy: 'loopback',
  });

  beforeAll(async () => {
    // A bridge without the gateway's credential is counted like any other caller.
    gatewayLimited = await startTestStack({
      gateway: { http: limit(3) },
      bridge: { http: limit(0), bridgeSecret: 'not-the-gateway-credential' },
    });
    bridgeLimited = await startTestStack({ gateway: { http: limit(0) }, bridge: { http: limit(3) } });
  });

  afterAll(async () => {
    closeClientAgent();
    await Promise.all([gatewayLimited.close(), bridgeLimited.close()]);
  });

  it('answers the gateway client past its limit with 429 TOO_MANY_REQUESTS and Retry-After', async () => {
    for (let i = 0; i < 3; i += 1) expect((await graphql(gatewayLimited.urls.gateway, QUERY)).status).toBe(200);
    const refused = await graphql(gatewayLimited.urls.gateway, QUERY);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('TOO_MANY_REQUESTS');
    expect(refused.body.errors?.[0]?.message).toMatch(/Too many requests/);
    const origin = new URL(gatewayLimited.urls.gateway).origin;
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
  });

  it("counts REST calls at the gateway per REST client, not per bridge: the bridge forwards the caller's address", async () => {
    // This address (loopback) has used up its gateway allowance in the test above.
    const same = await send(gatewayLimited.urls.bridge.read, { method: 'GET', path: '/1' });
    expect(same.status).toBe(429);
    expect(Number(same.headers['retry-after'])).toBeGreaterThan(0);
    expect(same.json).toEqual({ detail: expect.stringMatching(/Too many requests/) });
    // Another client behind a trusted proxy is counted on its own.
    const other = await send(gatewayLimited.urls.bridge.read, {
      method: 'GET',
      path: '/1',
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    expect(other.status).toBe(404);
  });

  it('answers the REST client past its limit with 429, Retry-After and a detail', async () => {
    const port = bridgeLimited.urls.bridge.delete;
    for (let i = 0; i < 3; i += 1) expect((await send(port, { method: 'DELETE', path: '/404' })).status).toBe(404);
    const refused = await send(port, { method: 'DELETE', path: '/404' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json).toEqual({ detail: expect.stringMatching(/Too many requests/) });
    expect((await send(port, { method: 'GET', path: '/healthz' })).status).toBe(200);
  });

  it("does not count the bridge's calls at the gateway, so a long streamed list is never cut off", async () => {
    // The stack gives the bridge a credential of its own at every start, as npm start does.
    const stack = await startTestStack({ gateway: { http: limit(3) }, bridge: { http: limit(0) } });
    try {
      for (let i = 0; i < 350; i += 1) {
        expect((await sendJson(stack.urls.bridge.create, 'POST', '/', restPerson(String(700000 + i)))).status).toBe(
          201,
        );
      }
      const everyone = await send(stack.urls.bridge.read, { method: 'GET', path: '/' });
      expect(everyone.status).toBe(200);
      expect((everyone.json as unknown[]).length).toBe(350);
      // Anyone else on the same loopback address is still counted.
      for (let i = 0; i < 3; i += 1) expect((await graphql(stack.urls.gateway, QUERY)).status).toBe(200);
      expect((await graphql(stack.urls.gateway, QUERY)).status).toBe(429);
    } finally {
      await stack.close();
    }
  });

  it('limits clients of a reverse proxy on the same host: neither loopback nor a guessed credential exempts', async () => {
    const stack = await startTestStack({ gateway: { http: limit(3) }, bridge: { http: limit(0) } });
    try {
      const proxied = (client: string, extra: Record<string, string> = {}) =>
        graphql(stack.urls.gateway, QUERY, {}, { 'x-forwarded-for': client, ...extra });
      for (let i = 0; i < 3; i += 1) expect((await proxied('198.51.100.7')).status).toBe(200);
      const refused = await proxied('198.51.100.7');
      expect(refused.status).toBe(429);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('TOO_MANY_REQUESTS');
      expect((await proxied('198.51.100.7', { 'x-bridge-secret': 'a-guess-at-the-credential' })).status).toBe(429);
      // Another client of the proxy has an allowance of its own.
      expect((await proxied('198.51.100.8')).status).toBe(200);
    } finally {
      await stack.close();
    }
  });

  it('reads the credential from BRIDGE_SHARED_SECRET, the same setting for the gateway and the bridge', () => {
    const env = { BRIDGE_SHARED_SECRET: 'bridge-credential-0123456789' };
    expect(loadGatewayConfig(env).bridgeSecret).toBe(env.BRIDGE_SHARED_SECRET);
    expect(loadBridgeConfig(env).bridgeSecret).toBe(env.BRIDGE_SHARED_SECRET);
    expect(loadGatewayConfig({}).bridgeSecret).toBeUndefined();
    expect(() => loadGatewayConfig({ BRIDGE_SHARED_SECRET: 'short' })).toThrow(
      /BRIDGE_SHARED_SECRET: must be at least 16/,
    );
  });
});

describe('security headers', () => {
  let dev: TestStack;
  let production: TestStack;

  beforeAll(async () => {
    dev = await startTestStack();
    production = await startTestStack({ production: true });
  });

  afterAll(async () => {
    closeClientAgent();
    await dev.close();
    await production.close();
  });

  it('are sent by the gateway, whose GraphiQL page needs nothing from elsewhere in development', async () => {
    const page = await fetch(dev.urls.gateway, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(await page.text()).toContain('/graphiql/graphiql.js');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('are strict at the gateway in production, where there is no landing page', async () => {
    const response = await graphql(production.urls.gateway, QUERY);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/apollographql/);
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
  });

  it("are sent by the bridge, and Swagger UI's page needs nothing its policy forbids", async () => {
    const docs = await send(dev.urls.bridge.read, { method: 'GET', path: '/docs' });
    expect(docs.status).toBe(200);
    const csp = String(docs.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/style-src 'self'/);
    expect(docs.headers['x-content-type-options']).toBe('nosniff');
    // Only same-origin scripts and styles, none inline.
    const scripts = [...docs.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="\/docs\//);
      expect(body?.trim()).toBe('');
    }
    for (const [, href] of docs.text.matchAll(/href="([^"]+)"/g)) expect(href).toMatch(/^\//);
    const asset = await send(dev.urls.bridge.read, { method: 'GET', path: '/docs/assets/swagger-ui-bundle.js' });
    expect(asset.status).toBe(200);
  });
});

describe('CORS', () => {
  let dev: TestStack;
  let production: TestStack;
  let allowlist: TestStack;

  beforeAll(async () => {
    dev = await startTestStack();
    production = await startTestStack({ production: true });
    const http = {
      ...loadHttpSecurityConfig(true, { CORS_ORIGINS: 'https://app.example.com' }),
      rateLimitPerMinute: 0,
    };
    allowlist = await startTestStack({ production: true, gateway: { http }, bridge: { http } });
  });

  afterAll(async () => {
    closeClientAgent();
    await Promise.all([dev.close(), production.close(), allowlist.close()]);
  });

  const preflight = (url: string, origin: string) =>
    fetch(url, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });

  it('allows any origin in development', async () => {
    const response = await preflight(dev.urls.gateway, 'https://anything.example');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://anything.example');
    const bridge = await preflight(`${dev.urls.bridge.create}/`, 'https://anything.example');
    expect(bridge.headers.get('access-control-allow-origin')).toBe('https://anything.example');
  });

  it('allows no origin in production by default', async () => {
    const response = await preflight(production.urls.gateway, 'https://app.example.com');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const bridge = await preflight(`${production.urls.bridge.create}/`, 'https://app.example.com');
    expect(bridge.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows exactly the origins of CORS_ORIGINS', async () => {
    const allowed = await preflight(allowlist.urls.gateway, 'https://app.example.com');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const other = await preflight(allowlist.urls.gateway, 'https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const bridge = await preflight(`${allowlist.urls.bridge.update}/1`, 'https://app.example.com');
    expect(bridge.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
  });

  it('settings refuse an origin that is not one', () => {
    expect(() => loadHttpSecurityConfig(false, { CORS_ORIGINS: 'app.example.com' })).toThrow(/CORS_ORIGINS/);
    expect(loadHttpSecurityConfig(false, { CORS_ORIGINS: '*' }).corsOrigins).toBe(true);
    expect(loadHttpSecurityConfig(false, {}).rateLimitPerMinute).toBe(600);
  });
});
