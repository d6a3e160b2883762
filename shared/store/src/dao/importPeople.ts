import path from 'node:path';
import Database from 'better-sqlite3';
import { MongoClient } from 'mongodb';
import type { Person } from '@people/domain';
import { mongoClientOptions, type StoreConfig } from '@people/platform';
import { PEOPLE_COLLECTION } from './mongo/collection';
import { toPersonDocument, toPhotoUpdate } from './mongo/personDocument';
import { PERSON_COLUMNS, personToRow } from './embedded/personRow';
import { SqlitePeopleDao } from './embedded/sqlitePeopleDao';

const MONGO_BATCH = 1000;

/**
 * Loads many people into a store at once, as they are given (timestamps included), without the
 * per-person checks of `create`: a bulk load for a benchmark's seed or a first import into an
 * empty store. On the embedded store it needs the data folder to itself (no service running on
 * it) and writes everything in one transaction, one fsync for all; on MongoDB it inserts in
 * batches of 1,000. `onProgress` hears the running count after each person (embedded) or batch.
 */
export async function importPeople(
  config: StoreConfig,
  people: Iterable<Person>,
  onProgress: (done: number) => void = () => undefined,
): Promise<void> {
  if (config.kind === 'embedded') {
    // Opening through the DAO creates or upgrades the schema exactly as the services expect it.
    await SqlitePeopleDao.open(config.dataDir).close();
    const db = new Database(path.join(config.dataDir, 'people.sqlite3'));
    try {
      db.pragma('journal_mode = WAL');
      const insert = db.prepare(
        `INSERT INTO people (${PERSON_COLUMNS.join(', ')}) VALUES (${PERSON_COLUMNS.map((c) => `@${c}`).join(', ')})`,
      );
      db.transaction(() => {
        let done = 0;
        for (const person of people) {
          insert.run(personToRow(person));
          onProgress((done += 1));
        }
      })();
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
    return;
  }
  const client = await MongoClient.connect(config.uri, mongoClientOptions(config));
  try {
    const collection = client.db(config.database).collection(PEOPLE_COLLECTION);
    let batch = [];
    let done = 0;
    for (const person of people) {
      batch.push({
        ...toPersonDocument(person, person.createdAt),
        ...toPhotoUpdate(person.photo).$set,
        updated_at: person.updatedAt,
      });
      if (batch.length === MONGO_BATCH) {
        await collection.insertMany(batch, { ordered: false });
        onProgress((done += batch.length));
        batch = [];
      }
    }
    if (batch.length > 0) {
      await collection.insertMany(batch, { ordered: false });
      onProgress(done + batch.length);
    }
  } finally {
    await client.close();
  }
}
