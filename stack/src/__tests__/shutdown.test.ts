import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { SqlitePeopleDao } from '@people/shared';
import { spawnStack } from './support/processStack';
import { restPerson } from '../../../rest-bridge/src/__tests__/support/client';
import { personInput } from './support/testStack';

/** Sends a POST in two halves, so the request is surely in flight between them. */
function splitRequest(url: string, body: string) {
  const target = new URL(url);
  const half = Math.floor(body.length / 2);
  let finish: () => void = () => undefined;
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    request.on('error', reject);
    request.write(body.slice(0, half));
    finish = () => request.end(body.slice(half));
  });
  return { response, finish: () => finish() };
}

describe('graceful shutdown', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-shutdown-'));

  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('on SIGTERM finishes requests in flight, refuses new ones, closes the store and exits 0', async () => {
    const stack = await spawnStack(dataDir);
    const mutation = 'mutation Create($input: CreatePersonInput!) { createPerson(input: $input) { documentId } }';
    const inFlight = Array.from({ length: 10 }, (_, i) =>
      splitRequest(stack.gatewayUrl, JSON.stringify({ query: mutation, variables: { input: personInput(`90${i}`) } })),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    stack.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(fetch(stack.gatewayUrl.replace('/graphql', '/healthz'))).rejects.toThrow();
    for (const request of inFlight) request.finish();
    const responses = await Promise.all(inFlight.map((request) => request.response));
    for (const response of responses) {
      expect(`${response.status} ${response.body}`).toMatch(/^200 /);
      expect(JSON.parse(response.body)).toMatchObject({ data: { createPerson: { documentId: expect.any(String) } } });
    }
    await expect(stack.exited).resolves.toBe(0);
    const dao = SqlitePeopleDao.open(dataDir);
    await expect(dao.count()).resolves.toBe(10);
    await dao.close();
  });

  it("lets the REST bridge's requests in flight finish through the gateway before either stops", async () => {
    const restDir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-shutdown-rest-'));
    try {
      const stack = await spawnStack(restDir, { RATE_LIMIT_PER_MINUTE: '0' });
      const createUrl = `http://127.0.0.1:${stack.ports.BRIDGE_CREATE_PORT}/`;
      await waitUntilUp(`http://127.0.0.1:${stack.ports.BRIDGE_CREATE_PORT}/healthz`);
      const inFlight = Array.from({ length: 10 }, (_, i) =>
        splitRequest(createUrl, JSON.stringify(restPerson(`80${i}`))),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      stack.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const request of inFlight) request.finish();
      const responses = await Promise.all(inFlight.map((request) => request.response));
      for (const response of responses) expect(`${response.status} ${response.body}`).toMatch(/^201 /);
      await expect(stack.exited).resolves.toBe(0);
      const dao = SqlitePeopleDao.open(restDir);
      await expect(dao.count()).resolves.toBe(10);
      await dao.close();
    } finally {
      fs.rmSync(restDir, { recursive: true, force: true });
    }
  });
});

async function waitUntilUp(url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} never answered`);
}
