import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqlitePeopleDao } from '@people/store';
import { spawnStack } from './support/processStack';
import { splitRequest, waitUntilUp } from './support/requests';
import { restPerson } from '../../../rest-bridge/src/__tests__/support/client';
import { personInput } from './support/testStack';

// Each test starts the stack's processes; on a busy machine that alone can take tens of seconds.
jest.setTimeout(120_000);

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
      const createUrl = `http://127.0.0.1:${String(stack.ports.BRIDGE_CREATE_PORT)}/`;
      await waitUntilUp(`http://127.0.0.1:${String(stack.ports.BRIDGE_CREATE_PORT)}/healthz`);
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
