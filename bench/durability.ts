/**
 * What the embedded store's durability costs: single-row creates (one commit each, as the DAO
 * makes them) with `synchronous = FULL` (what the store ships: every acknowledged write is on disk)
 * against `NORMAL` (a crash may lose the last commits). `node bench/dist/durability.js <count> <dir>`
 * prints `{ count, fullPerSecond, normalPerSecond }`.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PERSON_COLUMNS, SqlitePeopleDao, personToRow } from '@people/store';
import { benchPerson } from './people';

const count = Number(process.argv[2] ?? 1000);
const workDir = process.argv[3] ?? '.';

function createsPerSecond(synchronous: 'FULL' | 'NORMAL'): number {
  const dir = fs.mkdtempSync(path.join(workDir, `durability-${synchronous}-`));
  void SqlitePeopleDao.open(dir).close();
  const db = new Database(path.join(dir, 'people.sqlite3'));
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  const insert = db.prepare(
    `INSERT INTO people (${PERSON_COLUMNS.join(', ')}) VALUES (${PERSON_COLUMNS.map((c) => `@${c}`).join(', ')})`,
  );
  const started = process.hrtime.bigint();
  for (let n = 0; n < count; n += 1) {
    const now = new Date();
    insert.run(personToRow({ ...benchPerson(n), photo: null, createdAt: now, updatedAt: now }));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return count / seconds;
}

const fullPerSecond = createsPerSecond('FULL');
const normalPerSecond = createsPerSecond('NORMAL');
process.stdout.write(`${JSON.stringify({ count, fullPerSecond, normalPerSecond })}\n`);
