import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { fingerprintOf } from '@people/domain';
import type { Person } from '@people/domain';
import {
  DataDirTooNewError,
  FIELD_COLUMNS,
  MIGRATIONS,
  MissingRequiredColumnError,
  UnknownLayoutError,
  migrateSchema,
  type Migration,
} from '../embedded/sqliteMigrations';
import { SqlitePeopleDao } from '../embedded/sqlitePeopleDao';
import { newPerson } from './peopleDao.contract';

const CURRENT = MIGRATIONS.length;
const FILE = 'people.sqlite3';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-migrations-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Opens the file raw, runs `work` and closes it; the DAO must be closed first (it holds a lock). */
function withFile<T>(dir: string, work: (db: Database.Database) => T): T {
  const db = new Database(path.join(dir, FILE));
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/** The first release's SCHEMA (2b7cb16), run at every open. */
const FIRST_RELEASE_SCHEMA = `
  CREATE TABLE IF NOT EXISTS people (
    document_id   TEXT PRIMARY KEY NOT NULL,
    document_type TEXT NOT NULL,
    first_name    TEXT NOT NULL,
    middle_name   TEXT,
    last_name     TEXT NOT NULL,
    birth_date    TEXT NOT NULL,
    gender        TEXT NOT NULL,
    email         TEXT NOT NULL,
    phone         TEXT NOT NULL,
    photo_url     TEXT,
    photo_key     TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS people_type_id ON people (document_type, document_id);
  CREATE INDEX IF NOT EXISTS people_gender_id ON people (gender, document_id);
`;

/** SCHEMA and ADDED_INDEXES of the releases with idempotency keys and no schema version (c68c676). */
const UNVERSIONED_FULL_SCHEMA = `
  CREATE TABLE IF NOT EXISTS people (
    document_id   TEXT PRIMARY KEY NOT NULL,
    document_type TEXT NOT NULL,
    first_name    TEXT NOT NULL,
    middle_name   TEXT,
    last_name     TEXT NOT NULL,
    birth_date    TEXT NOT NULL,
    gender        TEXT NOT NULL,
    email         TEXT NOT NULL,
    phone         TEXT NOT NULL,
    photo_url     TEXT,
    photo_key     TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    idempotency_key         TEXT,
    idempotency_fingerprint TEXT
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS people_type_id ON people (document_type, document_id);
  CREATE INDEX IF NOT EXISTS people_gender_id ON people (gender, document_id);
  CREATE UNIQUE INDEX IF NOT EXISTS people_idempotency_key ON people (idempotency_key)
    WHERE idempotency_key IS NOT NULL;
`;

const ANA: Person = {
  documentId: '9001',
  documentType: 'CEDULA',
  firstName: 'Ana',
  middleName: 'María',
  lastName: 'García',
  birthDate: '1990-05-17',
  gender: 'FEMENINO',
  email: 'ana@example.com',
  phone: '3001234567',
  photo: { url: 'https://photos.example.com/9001.jpg', key: 'people/9001.jpg' },
  createdAt: new Date('2025-01-02T03:04:05.678Z'),
  updatedAt: new Date('2025-02-03T04:05:06.789Z'),
};
const LUIS: Person = {
  documentId: '9002',
  documentType: 'TARJETA_DE_IDENTIDAD',
  firstName: 'Luis',
  middleName: null,
  lastName: 'Pérez',
  birthDate: '2010-11-30',
  gender: 'MASCULINO',
  email: 'luis@example.com',
  phone: '3109876543',
  photo: null,
  createdAt: new Date('2025-03-04T05:06:07.000Z'),
  updatedAt: new Date('2025-03-04T05:06:07.000Z'),
};

/** A row as the first release's insert wrote it: named columns, ISO timestamps, NULL for absent. */
function insertFirstReleaseRow(db: Database.Database, p: Person): void {
  db.prepare(
    `INSERT INTO people (document_id, document_type, first_name, middle_name, last_name, birth_date, gender,
       email, phone, photo_url, photo_key, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    p.documentId,
    p.documentType,
    p.firstName,
    p.middleName,
    p.lastName,
    p.birthDate,
    p.gender,
    p.email,
    p.phone,
    p.photo?.url ?? null,
    p.photo?.key ?? null,
    p.createdAt.toISOString(),
    p.updatedAt.toISOString(),
  );
}

function oldestFolder(): string {
  const dir = tempDir();
  withFile(dir, (db) => {
    db.pragma('journal_mode = WAL');
    db.exec(FIRST_RELEASE_SCHEMA);
    insertFirstReleaseRow(db, ANA);
    insertFirstReleaseRow(db, LUIS);
  });
  return dir;
}

const normalise = (sql: string | null) => sql?.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')') ?? null;

/** The table's columns, its storage kind and its indexes with their columns and conditions. */
function layoutOf(db: Database.Database) {
  const table = db.prepare("SELECT wr, strict FROM pragma_table_list WHERE name = 'people'").get();
  const columns = db
    .prepare(`SELECT cid, name, type, "notnull", dflt_value, pk FROM pragma_table_info('people')`)
    .all();
  const indexes = db
    .prepare<[], { name: string; unique: number; origin: string; partial: number }>(
      `SELECT name, "unique", origin, partial FROM pragma_index_list('people') ORDER BY name`,
    )
    .all()
    .map((index) => ({
      ...index,
      columns: db.prepare('SELECT seqno, cid, name FROM pragma_index_info(?)').all(index.name),
      sql: normalise(
        db.prepare<[string], { sql: string | null }>('SELECT sql FROM sqlite_master WHERE name = ?').get(index.name)
          ?.sql ?? null,
      ),
    }));
  const objects = db.prepare('SELECT type, name FROM sqlite_master ORDER BY name').all();
  return { table, columns, indexes, objects };
}

async function freshLayout() {
  const dir = tempDir();
  await SqlitePeopleDao.open(dir).close();
  return withFile(dir, layoutOf);
}

const versionOf = (dir: string) => withFile(dir, (db) => db.pragma('user_version', { simple: true }));

describe('embedded store schema versions', () => {
  it('numbers its steps 1, 2, … in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('creates a fresh folder at the current version', async () => {
    const dir = tempDir();
    await SqlitePeopleDao.open(dir).close();
    expect(versionOf(dir)).toBe(CURRENT);
    expect(withFile(dir, layoutOf).columns.map((c) => (c as { name: string }).name)).toContain('idempotency_key');
  });

  it('upgrades a folder of the first release: people whole, version current, keys work, schema as fresh', async () => {
    const dir = oldestFolder();
    expect(versionOf(dir)).toBe(0);
    const dao = SqlitePeopleDao.open(dir);
    await expect(dao.get(ANA.documentId)).resolves.toEqual(ANA);
    await expect(dao.getMany([LUIS.documentId, ANA.documentId])).resolves.toEqual([LUIS, ANA]);
    await expect(dao.count()).resolves.toBe(2);
    const created = await dao.create(newPerson('9003'), { idempotencyKey: 'retry-9003' });
    await expect(dao.create(newPerson('9003'), { idempotencyKey: 'retry-9003' })).resolves.toEqual(created);
    await dao.close();
    expect(versionOf(dir)).toBe(CURRENT);
    expect(withFile(dir, layoutOf)).toEqual(await freshLayout());
  });

  it('upgrades an unversioned folder that already has idempotency keys, keeping its keys', async () => {
    const dir = tempDir();
    const keyed = newPerson('9101');
    withFile(dir, (db) => {
      db.exec(UNVERSIONED_FULL_SCHEMA);
      insertFirstReleaseRow(db, ANA);
      insertFirstReleaseRow(db, { ...keyed, photo: null, createdAt: ANA.createdAt, updatedAt: ANA.createdAt });
      db.prepare('UPDATE people SET idempotency_key = ?, idempotency_fingerprint = ? WHERE document_id = ?').run(
        'key-9101',
        fingerprintOf(keyed),
        keyed.documentId,
      );
    });
    const dao = SqlitePeopleDao.open(dir);
    await expect(dao.get(ANA.documentId)).resolves.toEqual(ANA);
    await expect(dao.create(keyed, { idempotencyKey: 'key-9101' })).resolves.toMatchObject({
      documentId: '9101',
      createdAt: ANA.createdAt,
    });
    await dao.close();
    expect(versionOf(dir)).toBe(CURRENT);
    expect(withFile(dir, layoutOf)).toEqual(await freshLayout());
  });

  it('upgrades a folder recorded at an older version, running only the newer steps', async () => {
    const dir = tempDir();
    withFile(dir, (db) => {
      migrateSchema(db, dir, MIGRATIONS.slice(0, 1));
      insertFirstReleaseRow(db, LUIS);
    });
    expect(versionOf(dir)).toBe(1);
    const dao = SqlitePeopleDao.open(dir);
    await expect(dao.get(LUIS.documentId)).resolves.toEqual(LUIS);
    await dao.close();
    expect(versionOf(dir)).toBe(CURRENT);
    expect(withFile(dir, layoutOf)).toEqual(await freshLayout());
  });

  it('does nothing on a second open of an upgraded folder', async () => {
    const dir = oldestFolder();
    await SqlitePeopleDao.open(dir).close();
    const before = fs.readFileSync(path.join(dir, FILE));
    await SqlitePeopleDao.open(dir).close();
    expect(fs.readFileSync(path.join(dir, FILE)).equals(before)).toBe(true);

    const ran: number[] = [];
    const watched: Migration[] = MIGRATIONS.map((m) => ({
      ...m,
      up: () => {
        ran.push(m.version);
      },
    }));
    withFile(dir, (db) => migrateSchema(db, dir, watched));
    expect(ran).toEqual([]);
  });

  it('refuses a folder from a newer release, naming the folder and both versions, and leaves it alone', async () => {
    const dir = tempDir();
    await SqlitePeopleDao.open(dir).close();
    withFile(dir, (db) => db.pragma(`user_version = ${CURRENT + 5}`));
    const open = () => SqlitePeopleDao.open(dir);
    expect(open).toThrow(DataDirTooNewError);
    expect(open).toThrow(
      `The data directory ${dir} holds an embedded store at schema version ${CURRENT + 5}, but this release ` +
        `knows versions up to ${CURRENT}`,
    );
    expect(versionOf(dir)).toBe(CURRENT + 5);
    // The refused open released its lock.
    withFile(dir, (db) => db.exec('BEGIN IMMEDIATE; COMMIT;'));
  });

  it('leaves the file as it was when a step fails, earlier steps of the same open included', async () => {
    const dir = oldestFolder();
    const before = withFile(dir, layoutOf);
    const failing: Migration = {
      version: CURRENT + 1,
      description: 'a step that fails',
      up: (db) => {
        db.exec('CREATE TABLE half_done (x TEXT)');
        throw new Error('step failed');
      },
    };
    expect(() => withFile(dir, (db) => migrateSchema(db, dir, [...MIGRATIONS, failing]))).toThrow('step failed');
    expect(versionOf(dir)).toBe(0);
    expect(withFile(dir, layoutOf)).toEqual(before);
    const dao = SqlitePeopleDao.open(dir);
    await expect(dao.getMany([ANA.documentId, LUIS.documentId])).resolves.toEqual([ANA, LUIS]);
    await dao.close();
  });

  it('refuses an unversioned table that no release created, leaving it unchanged', () => {
    const dir = tempDir();
    withFile(dir, (db) => db.exec('CREATE TABLE people (document_id TEXT PRIMARY KEY NOT NULL, nickname TEXT)'));
    const before = withFile(dir, layoutOf);
    expect(() => SqlitePeopleDao.open(dir)).toThrow(UnknownLayoutError);
    expect(() => SqlitePeopleDao.open(dir)).toThrow(/document_id, nickname/);
    expect(withFile(dir, layoutOf)).toEqual(before);
    expect(versionOf(dir)).toBe(0);
  });
});

describe('embedded store columns of the field registry', () => {
  const columnsOf = (dir: string) =>
    withFile(dir, (db) =>
      db
        .prepare<[], { name: string; type: string; notnull: number }>(
          `SELECT name, type, "notnull" FROM pragma_table_info('people') ORDER BY cid`,
        )
        .all(),
    );

  it('has a column for every registry field in a fresh folder', async () => {
    const dir = tempDir();
    await SqlitePeopleDao.open(dir).close();
    const names = columnsOf(dir).map((column) => column.name);
    expect(names).toEqual(expect.arrayContaining(FIELD_COLUMNS.map((column) => column.name)));
  });

  it('adds a new optional field to a folder of the first release, with no step of its own', async () => {
    const dir = oldestFolder();
    const withNickname = [...FIELD_COLUMNS, { name: 'nickname', optional: true }];
    withFile(dir, (db) => migrateSchema(db, dir, MIGRATIONS, withNickname));
    expect(versionOf(dir)).toBe(CURRENT);
    expect(columnsOf(dir).at(-1)).toEqual({ name: 'nickname', type: 'TEXT', notnull: 0 });
    const nicknames = withFile(dir, (db) => db.prepare('SELECT document_id, nickname FROM people ORDER BY 1').all());
    expect(nicknames).toEqual([
      { document_id: ANA.documentId, nickname: null },
      { document_id: LUIS.documentId, nickname: null },
    ]);

    // A second open with the same fields writes nothing.
    const before = fs.readFileSync(path.join(dir, FILE));
    withFile(dir, (db) => migrateSchema(db, dir, MIGRATIONS, withNickname));
    expect(fs.readFileSync(path.join(dir, FILE)).equals(before)).toBe(true);

    // A release without the field still reads and writes the folder.
    const dao = SqlitePeopleDao.open(dir);
    await expect(dao.getMany([ANA.documentId, LUIS.documentId])).resolves.toEqual([ANA, LUIS]);
    await expect(dao.update(LUIS.documentId, { middleName: 'José' })).resolves.toMatchObject({ middleName: 'José' });
    await dao.close();
  });

  it('refuses a required field the table lacks, leaving the file as it was', () => {
    const dir = oldestFolder();
    const before = withFile(dir, layoutOf);
    const open = () =>
      withFile(dir, (db) =>
        migrateSchema(db, dir, MIGRATIONS, [...FIELD_COLUMNS, { name: 'nickname', optional: false }]),
      );
    expect(open).toThrow(MissingRequiredColumnError);
    expect(open).toThrow(`The people table in ${dir} has no column nickname`);
    expect(versionOf(dir)).toBe(0);
    expect(withFile(dir, layoutOf)).toEqual(before);
  });
});
