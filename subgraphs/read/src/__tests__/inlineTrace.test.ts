import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Trace } from '@apollo/usage-reporting-protobuf';
import { createLogger } from '@people/platform';
import { SqlitePeopleDao } from '@people/store';
import { loadSubgraphConfig, type SubgraphHandle } from '@people/subgraph-kit';
import { start } from '../server';

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { message: string }[];
  extensions?: { ftv1?: string };
}

describe('federated inline traces (ftv1) from a subgraph', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-ftv1-'));
  const dao = SqlitePeopleDao.open(dataDir);
  let subgraph: SubgraphHandle;

  beforeAll(async () => {
    const config = { ...loadSubgraphConfig('read', {}), port: 0, logLevel: 'silent' as const };
    subgraph = await start(config, { dao, logger: createLogger({ service: 'test', level: 'silent' }) });
  });

  afterAll(async () => {
    await subgraph.close();
    await dao.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function ask(query: string, headers: Record<string, string> = {}): Promise<Answer> {
    const response = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as Answer;
  }

  it('answers with a trace of its fields when the caller asks with apollo-federation-include-trace', async () => {
    const answer = await ask('{ people(first: 5) { totalCount } }', { 'apollo-federation-include-trace': 'ftv1' });
    expect(answer.data).toEqual({ people: { totalCount: 0 } });
    const trace = Trace.decode(Buffer.from(answer.extensions?.ftv1 ?? '', 'base64'));
    expect(trace.durationNs).toBeGreaterThan(0);
    const people = trace.root?.child?.[0];
    expect(people?.responseName).toBe('people');
    expect(people?.child?.map((child) => child.responseName)).toEqual(['totalCount']);
  });

  it('answers without one when not asked', async () => {
    const answer = await ask('{ people(first: 5) { totalCount } }');
    expect(answer.data).toEqual({ people: { totalCount: 0 } });
    expect(answer.extensions?.ftv1).toBeUndefined();
  });

  it('keeps error texts out of the trace: the caller gets the error, the trace only that there was one', async () => {
    const answer = await ask('{ people(first: 1000) { totalCount } }', { 'apollo-federation-include-trace': 'ftv1' });
    expect(answer.errors?.[0]?.message).toMatch(/first/);
    const trace = Trace.decode(Buffer.from(answer.extensions?.ftv1 ?? '', 'base64'));
    const errors = trace.root?.child?.[0]?.error ?? [];
    expect(errors.map((error) => error.message)).toEqual(['<masked>']);
  });
});
