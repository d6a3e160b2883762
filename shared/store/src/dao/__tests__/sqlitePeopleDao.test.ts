import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import Database from 'better-sqlite3';
import { DataDirInUseError, SqlitePeopleDao } from '../embedded/sqlitePeopleDao';
import { newPerson, peopleDaoContract } from './peopleDao.contract';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-sqlite-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

peopleDaoContract('embedded (SQLite)', () => Promise.resolve(SqlitePeopleDao.open(tempDir())));

describe('embedded store on disk', () => {
  it('keeps people across a restart', async () => {
    const dir = tempDir();
    const first = SqlitePeopleDao.open(dir);
    const created = await first.create(newPerson('8001'));
    await first.close();
    const second = SqlitePeopleDao.open(dir);
    await expect(second.get('8001')).resolves.toEqual(created);
    await second.close();
  });

  it('opens a data folder from before idempotency keys, keeping its people and adding the key column', async () => {
    const dir = tempDir();
    const older = new Database(path.join(dir, 'people.sqlite3'));
    older.exec(`
      CREATE TABLE people (
        document_id TEXT PRIMARY KEY NOT NULL, document_type TEXT NOT NULL, first_name TEXT NOT NULL,
        middle_name TEXT, last_name TEXT NOT NULL, birth_date TEXT NOT NULL, gender TEXT NOT NULL,
        email TEXT NOT NULL, phone TEXT NOT NULL, photo_url TEXT, photo_key TEXT,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
      INSERT INTO people VALUES ('8101', 'CEDULA', 'Ana', NULL, 'García', '1990-05-17', 'FEMENINO',
        'ana@example.com', '3001234567', NULL, NULL, '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z');
    `);
    older.close();
    const dao = SqlitePeopleDao.open(dir);
    await expect(dao.get('8101')).resolves.toMatchObject({ firstName: 'Ana' });
    const created = await dao.create(newPerson('8102'), { idempotencyKey: 'after-upgrade' });
    await expect(dao.create(newPerson('8102'), { idempotencyKey: 'after-upgrade' })).resolves.toEqual(created);
    await dao.close();
    const reopened = SqlitePeopleDao.open(dir);
    await expect(reopened.create(newPerson('8102'), { idempotencyKey: 'after-upgrade' })).resolves.toEqual(created);
    await reopened.close();
  });

  it('refuses a second opener of the same data directory with a clear error', async () => {
    const dir = tempDir();
    const holder = SqlitePeopleDao.open(dir);
    expect(() => SqlitePeopleDao.open(dir)).toThrow(DataDirInUseError);
    expect(() => SqlitePeopleDao.open(dir)).toThrow(/set MONGODB_URI/);
    await holder.close();
    const next = SqlitePeopleDao.open(dir);
    await next.close();
  });

  it('holds an OS lock that another process cannot take', async () => {
    const dir = tempDir();
    const holder = SqlitePeopleDao.open(dir);
    // The other process tries the same first write the store makes when it opens.
    const attempt = `
      const Database = require('better-sqlite3');
      const db = new Database(process.argv[1], { timeout: 0 });
      try { db.pragma('locking_mode = EXCLUSIVE'); db.exec('BEGIN IMMEDIATE; COMMIT;'); console.log('opened'); }
      catch (error) { console.log(error.code); }
    `;
    const run = () =>
      new Promise<string>((resolve, reject) => {
        execFile(
          process.execPath,
          ['-e', attempt, path.join(dir, 'people.sqlite3')],
          (error: Error | null, stdout: string) => (error ? reject(error) : resolve(stdout.trim())),
        );
      });
    await expect(run()).resolves.toMatch(/^SQLITE_BUSY/);
    await holder.close();
    await expect(run()).resolves.toBe('opened');
  });
});
