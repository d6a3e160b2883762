/**
 * What the embedded store's durability costs: single-row creates (one commit each, as the DAO
 * makes them) with `synchronous = FULL` (what the store ships: every acknowledged write is on disk)
 * against `NORMAL` (a crash may lose the last commits). `node bench/dist/durability.js <count> <dir>`
 * prints `{ count, fullPerSecond, normalPerSecond }`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SqlitePeopleDao } from '@people/store';
import { benchPerson } from './people';

const count = Number(process.argv[2] ?? 1000);
const workDir = process.argv[3] ?? '.';

async function createsPerSecond(synchronous: 'FULL' | 'NORMAL'): Promise<number> {
  const dir = fs.mkdtempSync(path.join(workDir, `durability-${synchronous}-`));
  const dao = SqlitePeopleDao.open(dir, { synchronous });
  const started = process.hrtime.bigint();
  for (let n = 0; n < count; n += 1) await dao.create(benchPerson(n));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await dao.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return count / seconds;
}

async function main(): Promise<void> {
  const fullPerSecond = await createsPerSecond('FULL');
  const normalPerSecond = await createsPerSecond('NORMAL');
  process.stdout.write(`${JSON.stringify({ count, fullPerSecond, normalPerSecond })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
