import { freePort } from '@people/testing';
import { graphql } from '../../../stack/src/__tests__/support/testStack';
import { sampleSum } from '../../../stack/src/__tests__/support/prometheusText';
import { loadGatewayConfig } from '../config';
import { start, type GatewayHandle } from '../server';

describe('subgraph fetch metrics at the gateway', () => {
  let gateway: GatewayHandle;

  beforeAll(async () => {
    // Every subgraph on a port where nothing listens.
    const deadUrl = `http://127.0.0.1:${await freePort()}/graphql`;
    gateway = await start({
      ...loadGatewayConfig({
        LOG_LEVEL: 'silent',
        GATEWAY_HOST: '127.0.0.1',
        GATEWAY_PORT: '0',
        GATEWAY_METRICS_PORT: '0',
      }),
      subgraphUrls: { create: deadUrl, read: deadUrl, update: deadUrl, delete: deadUrl },
    });
  });

  afterAll(async () => {
    await gateway.close();
  });

  it('counts a subgraph that cannot be reached as an error of that subgraph', async () => {
    const result = await graphql(gateway.url, '{ person(documentId: "1") { documentId } }');
    expect(result.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    const text = await (await fetch(gateway.metricsUrl ?? '')).text();
    expect(sampleSum(text, 'gateway_subgraph_fetch_errors_total', { subgraph: 'read', reason: 'unreachable' })).toBe(1);
    expect(
      sampleSum(text, 'gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'read', outcome: 'error' }),
    ).toBe(1);
    expect(
      sampleSum(text, 'graphql_operation_duration_seconds_count', { operation_name: 'anonymous', outcome: 'error' }),
    ).toBe(1);
  });
});
