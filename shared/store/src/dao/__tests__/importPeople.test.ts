import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import type { Person } from '@people/domain';
import type { StoreConfig } from '@people/platform';
import { importPeople } from '../importPeople';
import { openPeopleDao } from '../openPeopleDao';

const stamp = new Date('2026-01-01T00:00:00.000Z');

function person(n: number): Person {
  return {
    documentType: 'CEDULA',
    documentId: String(7_000_000 + n),
    firstName: `Nombre${n}`,
    middleName: n % 2 === 0 ? null : 'Medio',
    lastName: 'Apellido',
    birthDate: '1990-05-17',
    gender: 'FEMENINO',
    email: `p${n}@example.com`,
    phone: '3001234567',
    photo: n === 3 ? { url: 'https://example.com/p3.png', key: 'p3' } : null,
    createdAt: stamp,
    updatedAt: new Date(stamp.getTime() + n),
  };
}

function* people(count: number): Generator<Person> {
  for (let n = 0; n < count; n += 1) yield person(n);
}

async function importsAndReadsBack(config: StoreConfig): Promise<void> {
  const counts: number[] = [];
  await importPeople(config, people(2500), (done) => counts.push(done));
  expect(counts.at(-1)).toBe(2500);
  expect(counts).toEqual([...counts].sort((a, b) => a - b));
  const dao = await openPeopleDao(config);
  try {
    await expect(dao.count()).resolves.toBe(2500);
    await expect(dao.get('7000003')).resolves.toEqual(person(3));
    await expect(dao.get('7000002')).resolves.toEqual(person(2));
    // Imported people are like any other: the same documentId cannot be created again.
    const { photo: _photo, createdAt: _created, updatedAt: _updated, ...again } = person(10);
    await expect(dao.create(again)).rejects.toMatchObject({ code: 'CONFLICT' });
  } finally {
    await dao.close();
  }
}

describe('importPeople (a bulk load)', () => {
  it('loads people into the embedded store in one go, as given, and the DAO reads them back', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-import-'));
    try {
      await importsAndReadsBack({ kind: 'embedded', dataDir });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  const uri = process.env.MONGODB_URI;
  if (uri) {
    it('loads people into MongoDB in batches, as given, and the DAO reads them back', async () => {
      const database = `people_import_${process.pid}_${Date.now().toString(36)}`;
      try {
        await importsAndReadsBack({
          kind: 'mongo',
          uri,
          database,
          writeConcern: 'majority',
          poolSize: 5,
          timeoutMs: 5000,
        });
      } finally {
        const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
        await client.db(database).dropDatabase();
        await client.close();
      }
    });
  } else {
    it.todo('loads people into MongoDB: needs MONGODB_URI (scripts/mongo-local.sh npx jest provides one)');
  }
});
