/**
 * Seeds people `from`..`count-1` (`node bench/dist/seed.js <from> <count>`). On the embedded
 * store, while no other process holds it, it writes straight to the store's file in one
 * transaction through the DAO's own row mapping (one fsync, not one per person); on MongoDB it
 * inserts through the driver in batches of 1,000.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { MongoClient } from 'mongodb';
import { type Person } from '@people/domain';
import { loadStoreConfig } from '@people/platform';
import { PERSON_COLUMNS, SqlitePeopleDao, personToRow, toPersonDocument } from '@people/store';
import { benchPerson } from './people';

const from = Number(process.argv[2] ?? 0);
const count = Number(process.argv[3] ?? 0);
const stamp = new Date('2026-01-01T00:00:00.000Z');

/** One line every 50,000 people (and at the end), which the bench relays while it waits. */
function progress(done: number): void {
  if (done % 50_000 === 0 || done === count) {
    const total = count - from;
    process.stdout.write(
      `seeded ${done - from}/${total} (${Math.round(((done - from) / Math.max(total, 1)) * 100)}%)\n`,
    );
  }
}

function stored(n: number): Person {
  return { ...benchPerson(n), photo: null, createdAt: stamp, updatedAt: stamp };
}

async function main(): Promise<void> {
  const store = loadStoreConfig();
  if (store.kind === 'embedded') {
    // Opening through the DAO creates the schema exactly as the services expect it.
    await SqlitePeopleDao.open(store.dataDir).close();
    const db = new Database(path.join(store.dataDir, 'people.sqlite3'));
    db.pragma('journal_mode = WAL');
    const insert = db.prepare(
      `INSERT INTO people (${PERSON_COLUMNS.join(', ')}) VALUES (${PERSON_COLUMNS.map((c) => `@${c}`).join(', ')})`,
    );
    db.transaction(() => {
      for (let n = from; n < count; n += 1) {
        insert.run(personToRow(stored(n)));
        progress(n + 1);
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    return;
  }
  const client = await MongoClient.connect(store.uri);
  try {
    const collection = client.db(store.database).collection('people');
    for (let start = from; start < count; start += 1000) {
      const batch = [];
      for (let n = start; n < Math.min(count, start + 1000); n += 1) {
        batch.push(toPersonDocument(stored(n), stamp));
      }
      await collection.insertMany(batch, { ordered: false });
      progress(start + batch.length);
    }
  } finally {
    await client.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
