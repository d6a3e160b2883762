/**
 * What a federated inline trace (ftv1) costs a subgraph: CPU of one process per request to the read
 * subgraph for a 20-person page (about 140 resolved fields), in alternating batches with and without
 * `apollo-federation-include-trace: ftv1`. The client in the same process costs the same both ways,
 * so the difference is the trace. Run: npm run build && npx tsc -p bench/tsconfig.json && node bench/dist/inlineTraceCost.js
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@people/platform';
import { SqlitePeopleDao } from '@people/store';
import { loadSubgraphConfig } from '@people/subgraph-kit';
import { start } from '@people/subgraph-read';
import { benchPerson } from './people';

const BATCHES = 8;
const REQUESTS_PER_BATCH = 300;
const QUERY =
  '{ people(first: 20) { totalCount edges { cursor node { documentId firstName lastName email birthDate } } } }';

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-ftv1-cost-'));
  const dao = SqlitePeopleDao.open(dir);
  for (let n = 0; n < 20; n++) await dao.create(benchPerson(n));
  const config = { ...loadSubgraphConfig('read', {}), port: 0, logLevel: 'silent' as const };
  const subgraph = await start(config, { dao, logger: createLogger({ service: 'bench', level: 'silent' }) });
  const body = JSON.stringify({ query: QUERY });

  /** CPU milliseconds per request over one batch. */
  async function batch(traced: boolean): Promise<number> {
    const headers = {
      'content-type': 'application/json',
      ...(traced ? { 'apollo-federation-include-trace': 'ftv1' } : {}),
    };
    const before = process.cpuUsage();
    for (let i = 0; i < REQUESTS_PER_BATCH; i++) {
      const answer = (await (await fetch(subgraph.url, { method: 'POST', headers, body })).json()) as {
        extensions?: { ftv1?: string };
      };
      if (traced !== Boolean(answer.extensions?.ftv1)) throw new Error('the subgraph did not answer as asked');
    }
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000 / REQUESTS_PER_BATCH;
  }

  try {
    await batch(false); // warm-up
    await batch(true);
    const off: number[] = [];
    const on: number[] = [];
    for (let k = 0; k < BATCHES; k++) {
      off.push(await batch(false));
      on.push(await batch(true));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const extra = on.map((value, k) => value - (off[k] ?? 0));
    process.stdout.write(
      `CPU ms per request, median of ${BATCHES} batches of ${REQUESTS_PER_BATCH}: ` +
        `without ftv1 ${median(off).toFixed(3)}, with ftv1 ${median(on).toFixed(3)}, ` +
        `extra per request (paired) ${median(extra).toFixed(3)}\n`,
    );
  } finally {
    await subgraph.close();
    await dao.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? String(error.stack) : String(error)}\n`);
  process.exitCode = 1;
});
