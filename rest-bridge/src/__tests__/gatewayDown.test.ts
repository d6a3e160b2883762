import { loadGatewayConfig, start as startGateway, type GatewayHandle } from '@people/gateway';
import { createLogger } from '@people/platform';
import { freePort } from '@people/testing';
import { startTestStack, type TestStack } from '../../../stack/src/__tests__/support/testStack';
import { loadBridgeConfig } from '../config';
import { start, type BridgeHandle } from '../server';
import { closeClientAgent, restPerson, send, sendJson } from './support/client';

describe('with the gateway stopped, and started again', () => {
  let stack: TestStack;
  let gateway: GatewayHandle | undefined;
  let bridge: BridgeHandle;
  let gatewayPort: number;

  async function startOurGateway(): Promise<void> {
    gateway = await startGateway(
      {
        ...loadGatewayConfig({}),
        host: '127.0.0.1',
        port: gatewayPort,
        subgraphUrls: stack.urls.subgraphs,
        photos: stack.photos,
        logLevel: 'silent',
        shutdownGraceMs: 500,
      },
      createLogger({ service: 'gateway', level: 'silent' }),
    );
  }

  beforeAll(async () => {
    stack = await startTestStack();
    gatewayPort = await freePort();
    await startOurGateway();
    bridge = await start(
      {
        ...loadBridgeConfig({
          GATEWAY_URL: `http://127.0.0.1:${gatewayPort}/graphql`,
          BRIDGE_GATEWAY_TIMEOUT_MS: '2000',
        }),
        host: '127.0.0.1',
        ports: { create: 0, read: 0, update: 0, delete: 0 },
        logLevel: 'silent',
      },
      createLogger({ service: 'rest-bridge', level: 'silent' }),
    );
  });

  afterAll(async () => {
    closeClientAgent();
    await bridge.close();
    await gateway?.close();
    await stack.close();
  });

  it('answers 503 with Retry-After on every port while the gateway is down, and recovers without a restart', async () => {
    expect((await sendJson(bridge.urls.create, 'POST', '/', restPerson('8001'))).status).toBe(201);

    await gateway?.close();
    gateway = undefined;
    const down = [
      await sendJson(bridge.urls.create, 'POST', '/', restPerson('8002')),
      await send(bridge.urls.read, { method: 'GET', path: '/8001' }),
      await send(bridge.urls.read, { method: 'GET', path: '/' }),
      await send(bridge.urls.read, { method: 'GET', path: '/?limit=5' }),
      await sendJson(bridge.urls.update, 'PATCH', '/8001', { first_name: 'Eva' }),
      await send(bridge.urls.delete, { method: 'DELETE', path: '/8001' }),
    ];
    for (const response of down) {
      expect(response.status).toBe(503);
      expect(response.json).toEqual({ detail: expect.any(String) });
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    }
    const notReady = await send(bridge.urls.read, { method: 'GET', path: '/readyz' });
    expect(notReady.status).toBe(503);
    expect(notReady.headers['retry-after']).toBeDefined();
    expect((await send(bridge.urls.read, { method: 'GET', path: '/healthz' })).status).toBe(200);
    // Invalid input is still told apart without the gateway.
    expect((await sendJson(bridge.urls.create, 'POST', '/', { document_id: 'x' })).status).toBe(422);

    await startOurGateway();
    expect((await send(bridge.urls.read, { method: 'GET', path: '/readyz' })).status).toBe(200);
    const back = await send(bridge.urls.read, { method: 'GET', path: '/8001' });
    expect(back.status).toBe(200);
    expect(back.json).toMatchObject({ document_id: '8001' });
    expect((await sendJson(bridge.urls.create, 'POST', '/', restPerson('8002'))).status).toBe(201);
  });
});
