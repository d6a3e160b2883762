import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@people/platform';
import { SqlitePeopleDao } from '@people/store';
import { loadSubgraphConfig, type SubgraphHandle } from '@people/subgraph-kit';
import { start } from '../server';

describe('the read subgraph resolving Person references', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-read-'));
  const dao = SqlitePeopleDao.open(dataDir);
  let subgraph: SubgraphHandle;

  beforeAll(async () => {
    const config = { ...loadSubgraphConfig('read', {}), port: 0, logLevel: 'silent' as const };
    subgraph = await start(config, { dao, logger: createLogger({ service: 'test', level: 'silent' }) });
    for (const id of ['11', '12', '13']) {
      await dao.create({
        documentType: 'CEDULA',
        documentId: id,
        firstName: `P${id}`,
        middleName: null,
        lastName: 'Ruiz',
        birthDate: '1980-01-01',
        gender: 'MASCULINO',
        email: `p${id}@example.com`,
        phone: '3000000000',
      });
    }
  });

  afterAll(async () => {
    await subgraph.close();
    await dao.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('loads every reference of one request with a single store query', async () => {
    const getMany = jest.spyOn(dao, 'getMany');
    const response = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { documentId firstName } } }`,
        variables: {
          representations: ['11', '404', '13', '12'].map((documentId) => ({ __typename: 'Person', documentId })),
        },
      }),
    });
    const body = (await response.json()) as { data: { _entities: ({ documentId: string } | null)[] } };
    expect(body.data._entities).toEqual([
      { documentId: '11', firstName: 'P11' },
      null,
      { documentId: '13', firstName: 'P13' },
      { documentId: '12', firstName: 'P12' },
    ]);
    expect(getMany).toHaveBeenCalledTimes(1);
    expect(getMany).toHaveBeenCalledWith(['11', '404', '13', '12']);
  });
});
