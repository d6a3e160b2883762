import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, SUBGRAPH_SECRET_HEADER } from '@people/platform';
import { freePort } from '@people/testing';
import { loadSubgraphConfig } from '@people/subgraph-kit';
import { start as startRead } from '@people/subgraph-read';
import { graphql, personInput, startTestStack, type TestStack } from './support/testStack';

const SECRET = 'subgraph-secret-for-tests-0123456789';
const CREATE = `mutation Create($input: CreatePersonInput!) { createPerson(input: $input) { documentId firstName } }`;

describe('subgraphs that trust only the gateway (SUBGRAPH_SHARED_SECRET)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: { sharedSecret: SECRET }, gateway: { subgraphSecret: SECRET } });
  });

  afterAll(async () => {
    await stack.close();
  });

  it('refuses a direct call without the secret, or with a wrong one, with 401', async () => {
    const direct = await graphql(stack.urls.subgraphs.read, '{ person(documentId: "1") { documentId } }');
    expect(direct.status).toBe(401);
    expect(direct.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const wrong = await graphql(
      stack.urls.subgraphs.create,
      CREATE,
      { input: personInput('8001') },
      {
        [SUBGRAPH_SECRET_HEADER]: `${SECRET}x`,
      },
    );
    expect(wrong.status).toBe(401);
    const sameLengthWrong = await graphql(
      stack.urls.subgraphs.create,
      CREATE,
      { input: personInput('8001') },
      {
        [SUBGRAPH_SECRET_HEADER]: SECRET.replace(/.$/, '!'),
      },
    );
    expect(sameLengthWrong.status).toBe(401);
  });

  it('answers the gateway, which sends the secret', async () => {
    const created = await graphql(stack.urls.gateway, CREATE, { input: personInput('8001') });
    expect(created.body).toEqual({ data: { createPerson: { documentId: '8001', firstName: 'Ana' } } });
    const withSecret = await graphql(
      stack.urls.subgraphs.read,
      '{ person(documentId: "8001") { documentId } }',
      {},
      { [SUBGRAPH_SECRET_HEADER]: SECRET },
    );
    expect(withSecret.body).toEqual({ data: { person: { documentId: '8001' } } });
  });

  it('keeps health and readiness open', async () => {
    const origin = new URL(stack.urls.subgraphs.delete).origin;
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    expect((await fetch(`${origin}/readyz`)).status).toBe(200);
  });
});

describe('a gateway without the secret in front of subgraphs that require it', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: { sharedSecret: SECRET } });
  });

  afterAll(async () => {
    await stack.close();
  });

  it('gets nothing through, and tells the client the service is unavailable rather than blaming it', async () => {
    const result = await graphql(stack.urls.gateway, CREATE, { input: personInput('8002') });
    expect(result.body.data ?? null).toBeNull();
    expect(result.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
  });
});

describe('a subgraph that would listen beyond loopback', () => {
  it('is refused by the settings without SUBGRAPH_SHARED_SECRET, with a message naming it', () => {
    for (const host of ['0.0.0.0', '::', '10.1.2.3', 'subgraph-read']) {
      expect(() => loadSubgraphConfig('read', { SUBGRAPH_HOST: host })).toThrow(ConfigError);
      expect(() => loadSubgraphConfig('read', { SUBGRAPH_HOST: host })).toThrow(
        /SUBGRAPH_SHARED_SECRET: required .* when SUBGRAPH_HOST is not loopback/,
      );
    }
    expect(loadSubgraphConfig('read', { SUBGRAPH_HOST: '0.0.0.0', SUBGRAPH_SHARED_SECRET: SECRET })).toMatchObject({
      host: '0.0.0.0',
      sharedSecret: SECRET,
    });
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]']) {
      expect(loadSubgraphConfig('read', { SUBGRAPH_HOST: host }).host).toBe(host);
    }
  });

  it('does not start when its config was built in code, and leaves its port closed', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-exposed-'));
    const port = await freePort();
    const config = {
      ...loadSubgraphConfig('read', { DATA_DIR: dataDir }),
      host: '0.0.0.0',
      port,
      logLevel: 'silent' as const,
    };
    try {
      await expect(startRead(config)).rejects.toThrow(/SUBGRAPH_SHARED_SECRET/);
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('exits at start-up, as its own process, printing which setting is missing', () => {
    const main = path.resolve(__dirname, '..', '..', '..', 'subgraphs', 'read', 'dist', 'main.js');
    const result = spawnSync(process.execPath, [main], {
      env: { PATH: process.env.PATH, SUBGRAPH_HOST: '0.0.0.0', READ_SUBGRAPH_PORT: '0', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/SUBGRAPH_SHARED_SECRET: required/);
  });
});
