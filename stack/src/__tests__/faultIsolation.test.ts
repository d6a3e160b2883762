import net from 'node:net';
import { loadGatewayConfig } from '@people/gateway';
import { loadBridgeConfig } from '@people/rest-bridge';
import { closeClientAgent, restPerson, send, sendJson } from '../../../rest-bridge/src/__tests__/support/client';
import { SeparateServices } from './support/separateServices';
import { graphql, personInput } from './support/testStack';

const CREATE = 'mutation C($input: CreatePersonInput!) { createPerson(input: $input) { documentId } }';
const READ = 'query R($id: ID!) { person(documentId: $id) { documentId firstName } }';
const UPDATE =
  'mutation U($id: ID!, $input: UpdatePersonInput!) { updatePerson(documentId: $id, input: $input) { firstName } }';
const DELETE = 'mutation D($id: ID!) { deletePerson(documentId: $id) { documentId } }';

describe('fault isolation: the delete subgraph down', () => {
  const services = new SeparateServices();

  beforeAll(() => services.start());

  afterAll(async () => {
    closeClientAgent();
    await services.close();
  });

  it('leaves reads, creates and updates working; deletes get SERVICE_UNAVAILABLE / 503 until it is back', async () => {
    const { gateway, bridge } = services;
    expect((await graphql(gateway.url, CREATE, { input: personInput('9001') })).body.errors).toBeUndefined();
    const deletePort = Number(new URL(services.subgraphs.delete.url).port);
    await services.subgraphs.delete.close();

    // GraphQL through the gateway.
    expect((await graphql(gateway.url, CREATE, { input: personInput('9002') })).body.data).toEqual({
      createPerson: { documentId: '9002' },
    });
    expect((await graphql(gateway.url, READ, { id: '9001' })).body.data).toEqual({
      person: { documentId: '9001', firstName: 'Ana' },
    });
    const updated = await graphql(gateway.url, UPDATE, { id: '9001', input: { firstName: 'Eva' } });
    expect(updated.body.data).toEqual({ updatePerson: { firstName: 'Eva' } });
    const refused = await graphql(gateway.url, DELETE, { id: '9001' });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(refused.body.errors?.[0]?.message).toMatch(/delete service is unavailable/);

    // REST through the bridge.
    expect((await sendJson(bridge.urls.create, 'POST', '/', restPerson('9003'))).status).toBe(201);
    expect((await send(bridge.urls.read, { method: 'GET', path: '/9003' })).status).toBe(200);
    expect((await send(bridge.urls.read, { method: 'GET', path: '/' })).status).toBe(200);
    expect((await sendJson(bridge.urls.update, 'PATCH', '/9003', { first_name: 'Eva' })).status).toBe(200);
    const unavailable = await send(bridge.urls.delete, { method: 'DELETE', path: '/9003' });
    expect(unavailable.status).toBe(503);
    expect(Number(unavailable.headers['retry-after'])).toBeGreaterThan(0);
    expect(unavailable.json).toEqual({ detail: expect.stringMatching(/unavailable/) });

    // Back on the same port: deletes work again, nothing else restarted.
    await services.startSubgraph('delete', deletePort);
    expect((await graphql(gateway.url, DELETE, { id: '9001' })).body.data).toEqual({
      deletePerson: { documentId: '9001' },
    });
    const deleted = await send(bridge.urls.delete, { method: 'DELETE', path: '/9003' });
    expect(deleted.status).toBe(200);
    expect(deleted.json).toMatchObject({ document_id: '9003', first_name: 'Eva' });
  });
});

describe('fault isolation: the read subgraph down, under the hot paths below express', () => {
  const services = new SeparateServices();

  beforeAll(() => services.start());

  afterAll(async () => {
    closeClientAgent();
    await services.close();
  });

  it('answers known queries and REST reads SERVICE_UNAVAILABLE / 503, and reads again once it is back', async () => {
    const { gateway, bridge } = services;
    expect((await graphql(gateway.url, CREATE, { input: personInput('9101') })).body.errors).toBeUndefined();
    // Run once, so known to the gateway and the read subgraph from then on.
    expect((await graphql(gateway.url, READ, { id: '9101' })).body.data).toEqual({
      person: { documentId: '9101', firstName: 'Ana' },
    });
    expect((await send(bridge.urls.read, { method: 'GET', path: '/9101' })).status).toBe(200);
    const readPort = Number(new URL(services.subgraphs.read.url).port);
    await services.subgraphs.read.close();

    const refused = await graphql(gateway.url, READ, { id: '9101' });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(refused.body.errors?.[0]?.message).toMatch(/read service is unavailable/);
    const unavailable = await send(bridge.urls.read, { method: 'GET', path: '/9101' });
    expect(unavailable.status).toBe(503);
    expect(unavailable.json).toEqual({ detail: expect.stringMatching(/unavailable/) });

    await services.startSubgraph('read', readPort);
    // The restarted subgraph learns the query anew; the gateway and the bridge answer as before.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect((await graphql(gateway.url, READ, { id: '9101' })).body.data).toEqual({
        person: { documentId: '9101', firstName: 'Ana' },
      });
      expect((await send(bridge.urls.read, { method: 'GET', path: '/9101' })).json).toMatchObject({
        document_id: '9101',
      });
    }
  });
});

describe('timeouts', () => {
  it("let the gateway's answer about a slow subgraph reach the bridge before the bridge gives up", () => {
    expect(loadBridgeConfig({}).gatewayTimeoutMs).toBeGreaterThan(loadGatewayConfig({}).subgraphTimeoutMs);
  });
});

describe('a subgraph that accepts connections and never answers', () => {
  const services = new SeparateServices();
  const sockets = new Set<net.Socket>();
  const hung = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const TIMEOUT_MS = 500;

  beforeAll(async () => {
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const { port } = hung.address() as net.AddressInfo;
    await services.start({
      gateway: { subgraphTimeoutMs: TIMEOUT_MS },
      route: () => Promise.resolve({ delete: `http://127.0.0.1:${port}/graphql` }),
    });
  });

  afterAll(async () => {
    closeClientAgent();
    await services.close();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => hung.close(() => resolve()));
  });

  it('costs a delete SUBGRAPH_TIMEOUT_MS and a SERVICE_UNAVAILABLE naming the subgraph, not a hang', async () => {
    await graphql(services.gateway.url, CREATE, { input: personInput('9101') });
    let started = Date.now();
    const result = await graphql(services.gateway.url, DELETE, { id: '9101' });
    expect(result.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(result.body.errors?.[0]?.message).toMatch(/^The delete service did not answer within 500 ms/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1500);

    started = Date.now();
    const rest = await send(services.bridge.urls.delete, { method: 'DELETE', path: '/9101' });
    expect(rest.status).toBe(503);
    expect(rest.headers['retry-after']).toBeDefined();
    expect(rest.json).toEqual({ detail: expect.stringMatching(/^The delete service did not answer within 500 ms/) });
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1500);

    // The other subgraphs are unaffected meanwhile.
    expect((await graphql(services.gateway.url, READ, { id: '9101' })).body.data).toEqual({
      person: { documentId: '9101', firstName: 'Ana' },
    });
  });
});
