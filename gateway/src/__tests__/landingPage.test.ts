import { createLogger } from '@people/platform';
import { loadGatewayConfig } from '../config';
import { start, type GatewayHandle } from '../server';

/** The gateway alone: its landing page needs no subgraph to answer. */
async function startGateway(env: Record<string, string>): Promise<GatewayHandle> {
  const config = loadGatewayConfig({ GATEWAY_HOST: '127.0.0.1', GATEWAY_PORT: '0', ...env });
  return start(config, createLogger({ service: 'gateway', level: 'silent' }));
}

const asBrowser = { headers: { accept: 'text/html' } };

describe('the landing page at the gateway', () => {
  describe('by default (GraphiQL, served by the gateway itself)', () => {
    let gateway: GatewayHandle;

    beforeAll(async () => {
      gateway = await startGateway({});
    });

    afterAll(async () => {
      await gateway.close();
    });

    it('is GraphiQL, loading only same-origin scripts and styles under a strict policy', async () => {
      const page = await fetch(gateway.url, asBrowser);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<div id="graphiql">');
      expect(html).not.toMatch(/https?:\/\//);
      const scripts = [...html.matchAll(/<script src="([^"]+)"><\/script>/g)].map((match) => match[1]);
      expect(scripts).toEqual([
        '/graphiql/react.js',
        '/graphiql/react-dom.js',
        '/graphiql/graphiql.js',
        '/graphiql/init.js',
      ]);
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toMatch(/apollographql|googleapis/);
    });

    it.each([
      ['/graphiql/react.js', /javascript/, 'React'],
      ['/graphiql/react-dom.js', /javascript/, 'ReactDOM'],
      ['/graphiql/graphiql.js', /javascript/, 'GraphiQL'],
      ['/graphiql/init.js', /javascript/, 'createFetcher'],
      ['/graphiql/graphiql.css', /css/, '.graphiql-container'],
    ])('serves %s from the installed packages', async (path, type, content) => {
      const response = await fetch(new URL(path, gateway.url));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(type);
      expect(await response.text()).toContain(content);
    });

    it('serves no other file from those packages', async () => {
      for (const path of ['/graphiql/package.json', '/graphiql/graphiql.min.js', '/graphiql/graphiql.min.js.map']) {
        expect((await fetch(new URL(path, gateway.url))).status).toBe(404);
      }
    });
  });

  describe('with GATEWAY_LANDING_PAGE=sandbox', () => {
    let gateway: GatewayHandle;

    beforeAll(async () => {
      gateway = await startGateway({ GATEWAY_LANDING_PAGE: 'sandbox' });
    });

    afterAll(async () => {
      await gateway.close();
    });

    it("is Apollo Sandbox, with a policy that lets it load from Apollo's CDN", async () => {
      const page = await fetch(gateway.url, asBrowser);
      expect(page.status).toBe(200);
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/script-src [^;]*https:\/\/embeddable-sandbox\.cdn\.apollographql\.com/);
      expect(csp).toMatch(/frame-src [^;]*https:\/\/sandbox\.embed\.apollographql\.com/);
      expect(await page.text()).toMatch(/embeddable-sandbox\.cdn\.apollographql\.com/);
      expect((await fetch(new URL('/graphiql/graphiql.js', gateway.url))).status).toBe(404);
    });
  });

  it('is neither when introspection is off', async () => {
    const gateway = await startGateway({ GATEWAY_INTROSPECTION: 'false' });
    try {
      const page = await fetch(gateway.url, { headers: { accept: 'text/html', 'apollo-require-preflight': 'true' } });
      expect(await page.text()).not.toMatch(/graphiql|apollographql/i);
      expect((await fetch(new URL('/graphiql/graphiql.js', gateway.url))).status).toBe(404);
    } finally {
      await gateway.close();
    }
  });

  it('refuses an unknown GATEWAY_LANDING_PAGE at start-up', () => {
    expect(() => loadGatewayConfig({ GATEWAY_LANDING_PAGE: 'playground' })).toThrow(
      /GATEWAY_LANDING_PAGE: must be one of graphiql, sandbox/,
    );
  });
});
