import {
  closeClientAgent,
  multipartBody,
  restPerson,
  send,
  sendJson,
} from '../../../rest-bridge/src/__tests__/support/client';
import { loadBridgeConfig } from '@people/rest-bridge';
import { PNG_BYTES } from './support/photoFixtures';
import { sampleSum } from './support/prometheusText';
import { graphql, startTestStack, type TestStack } from './support/testStack';

const METRICS_ON = { metrics: { host: '127.0.0.1', port: 0 } };
const DOCUMENT_ID = '5102938475';
const BRIDGE_LIMIT = 5;

async function scrape(url: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

async function scrapeAll(stack: TestStack): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(stack.urls.metrics).map(async ([service, url]) => [service, await scrape(url)] as const),
  );
  return Object.fromEntries(entries);
}

describe('Prometheus metrics', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      gateway: METRICS_ON,
      subgraphs: METRICS_ON,
      // A low limit on the bridge, to see its rejections counted.
      bridge: { ...METRICS_ON, http: { ...loadBridgeConfig({}).http, rateLimitPerMinute: BRIDGE_LIMIT } },
    });
  });

  afterAll(async () => {
    closeClientAgent();
    await stack.close();
  });

  it('serves /metrics on a port of its own per service, never on the public gateway port', async () => {
    expect(Object.keys(stack.urls.metrics).sort()).toEqual([
      'gateway',
      'rest-bridge',
      'subgraph-create',
      'subgraph-delete',
      'subgraph-read',
      'subgraph-update',
    ]);
    for (const url of Object.values(stack.urls.metrics)) {
      expect(new URL(url).port).not.toBe(new URL(stack.urls.gateway).port);
    }
    expect((await fetch(stack.urls.gateway.replace('/graphql', '/metrics'))).status).toBe(404);
  });

  it('moves request, operation, subgraph fetch, store, upload and rate-limit figures with traffic', async () => {
    const before = await scrapeAll(stack);
    const { bridge } = stack.urls;

    expect((await sendJson(bridge.create, 'POST', '/', restPerson(DOCUMENT_ID))).status).toBe(201);
    expect((await send(bridge.read, { method: 'GET', path: `/${DOCUMENT_ID}` })).status).toBe(200);
    const photo = multipartBody('file', 'photo.png', 'image/png', PNG_BYTES);
    const uploaded = await send(bridge.update, {
      method: 'PATCH',
      path: `/${DOCUMENT_ID}/image`,
      headers: { 'content-type': photo.contentType },
      body: photo.body,
    });
    expect(uploaded.status).toBe(200);
    const read = await graphql(stack.urls.gateway, 'query ReadOne($id: ID!) { person(documentId: $id) { email } }', {
      id: DOCUMENT_ID,
    });
    expect(read.body.errors).toBeUndefined();
    const statuses: number[] = [];
    for (let i = 0; i <= BRIDGE_LIMIT; i += 1) {
      statuses.push((await send(bridge.delete, { method: 'DELETE', path: '/1' })).status);
    }
    expect(statuses).toContain(429);

    const after = await scrapeAll(stack);
    const moved = (service: string, name: string, labels: Record<string, string> = {}) =>
      sampleSum(after[service] ?? '', name, labels) - sampleSum(before[service] ?? '', name, labels);

    // Requests by route pattern (never the path with its document id) and status.
    expect(
      moved('rest-bridge', 'http_server_request_duration_seconds_count', {
        method: 'GET',
        route: '/:doc_id',
        status_code: '200',
      }),
    ).toBe(1);
    expect(moved('rest-bridge', 'http_server_request_duration_seconds_count', { status_code: '429' })).toBeGreaterThan(
      0,
    );
    expect(moved('rest-bridge', 'rate_limit_rejections_total')).toBe(statuses.filter((s) => s === 429).length);
    expect(
      moved('gateway', 'http_server_request_duration_seconds_count', { route: '/graphql', status_code: '200' }),
    ).toBeGreaterThanOrEqual(4);

    // Operations by name, with their outcome.
    expect(
      moved('gateway', 'graphql_operation_duration_seconds_count', { operation_name: 'CreatePerson', outcome: 'ok' }),
    ).toBe(1);
    expect(
      moved('gateway', 'graphql_operation_duration_seconds_count', {
        operation_name: 'ReadOne',
        operation_type: 'query',
      }),
    ).toBe(1);
    expect(
      moved('gateway', 'graphql_operation_duration_seconds_count', {
        operation_name: 'DeletePerson',
        outcome: 'error',
      }),
    ).toBeGreaterThan(0);
    expect(moved('subgraph-create', 'graphql_operation_duration_seconds_count')).toBe(1);

    // The gateway's calls to each subgraph.
    expect(
      moved('gateway', 'gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'create', outcome: 'ok' }),
    ).toBe(1);
    expect(
      moved('gateway', 'gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'read' }),
    ).toBeGreaterThanOrEqual(2);
    expect(moved('gateway', 'gateway_subgraph_fetch_duration_seconds_sum', { subgraph: 'read' })).toBeGreaterThan(0);

    // Store calls, and the photo's size.
    expect(
      moved('subgraph-create', 'store_operation_duration_seconds_count', { operation: 'create', outcome: 'ok' }),
    ).toBe(1);
    expect(
      moved('subgraph-delete', 'store_operation_duration_seconds_count', { operation: 'delete', outcome: 'error' }),
    ).toBeGreaterThan(0);
    expect(moved('subgraph-update', 'photo_upload_size_bytes_count')).toBe(1);
    expect(moved('subgraph-update', 'photo_upload_size_bytes_sum')).toBe(PNG_BYTES.length);

    // Process metrics, event-loop lag among them, on every service.
    for (const [service, text] of Object.entries(after)) {
      expect([service, sampleSum(text, 'process_cpu_seconds_total', { service })]).toEqual([
        service,
        expect.any(Number),
      ]);
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{service="[a-z-]+"\} \d/m);
      expect(moved(service, 'process_cpu_seconds_total')).toBeGreaterThan(0);
      // No label value holds a document id.
      expect(text).not.toContain(DOCUMENT_ID);
    }
  });
});
