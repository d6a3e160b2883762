import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { fingerprintOf, idempotencyKeyReused, ErrorCode, PeopleError } from '@people/domain';
import type { NewPerson, PeopleFilter, Person, PersonChanges, StoredPhoto } from '@people/domain';
import { decodeCursor, encodeCursor } from '../cursor';
import type { CreateOptions, PageRequest, PeopleDao, PersonPage } from '../peopleDao';
import {
  PERSON_COLUMNS,
  PERSON_COLUMN_LIST,
  personFromRow,
  personFromValues,
  personToRow,
  type PersonRow,
} from './personRow';
import { migrateSchema } from './sqliteMigrations';

export { DataDirTooNewError, UnknownLayoutError } from './sqliteMigrations';

export class DataDirInUseError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `The data directory ${dataDir} is already open in another process. The embedded store ` +
        'belongs to one process: stop the other one, point DATA_DIR elsewhere, or set MONGODB_URI ' +
        'so that several processes share a MongoDB store.',
    );
    this.name = 'DataDirInUseError';
  }
}

interface IdempotencyRow extends PersonRow {
  idempotency_fingerprint: string | null;
}

function whereFilter(filter: PeopleFilter | undefined): { clauses: string[]; params: Record<string, string> } {
  const clauses: string[] = [];
  const params: Record<string, string> = {};
  if (filter?.documentType) {
    clauses.push('document_type = @documentType');
    params.documentType = filter.documentType;
  }
  if (filter?.gender) {
    clauses.push('gender = @gender');
    params.gender = filter.gender;
  }
  return { clauses, params };
}

const INSERT_COLUMNS = [...PERSON_COLUMNS, 'idempotency_key', 'idempotency_fingerprint'];

/**
 * The embedded store: one SQLite file under the data directory. WAL with `synchronous = FULL`
 * makes every acknowledged write durable across a crash, and `locking_mode = EXCLUSIVE` takes an
 * OS lock that a second process cannot get (the OS drops it when the holder dies, even by SIGKILL).
 */
export class SqlitePeopleDao implements PeopleDao {
  private readonly statements;

  /** Prepared statements by SQL text; the set of distinct texts is small and fixed. */
  private readonly prepared = new Map<string, Database.Statement>();
  private readonly preparedValues = new Map<string, Database.Statement>();

  private constructor(private readonly db: Database.Database) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO people (${INSERT_COLUMNS.join(', ')}) VALUES (${INSERT_COLUMNS.map((c) => `@${c}`).join(', ')})`,
      ),
      byIdempotencyKey: db.prepare<[string], IdempotencyRow>('SELECT * FROM people WHERE idempotency_key = ?'),
      get: db.prepare<[string], PersonRow>('SELECT * FROM people WHERE document_id = ?'),
      delete: db.prepare<[string], PersonRow>('DELETE FROM people WHERE document_id = ? RETURNING *'),
    };
  }

  /**
   * `synchronous: 'NORMAL'` trades the last commits before a power loss or OS crash for faster
   * commits; the services always use the default, FULL.
   */
  static open(dataDir: string, { synchronous = 'FULL' }: { synchronous?: 'FULL' | 'NORMAL' } = {}): SqlitePeopleDao {
    fs.mkdirSync(dataDir, { recursive: true });
    const db = new Database(path.join(dataDir, 'people.sqlite3'), { timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${synchronous}`);
      // Its write transaction, even when there is nothing to upgrade, takes the exclusive lock and
      // keeps it until close.
      migrateSchema(db, dataDir);
    } catch (error) {
      db.close();
      // By code alone: under Jest the native addon's error class can come from another module registry.
      if ((error as { code?: unknown } | null)?.code?.toString().startsWith('SQLITE_BUSY')) {
        throw new DataDirInUseError(dataDir);
      }
      throw error;
    }
    return new SqlitePeopleDao(db);
  }

  private statement<P extends unknown[], R>(sql: string): Database.Statement<P, R> {
    let statement = this.prepared.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.prepared.set(sql, statement);
    }
    return statement as Database.Statement<P, R>;
  }

  /** A statement that reads each row as its values (raw mode), kept apart from those that read objects. */
  private valuesStatement<P extends unknown[]>(sql: string): Database.Statement<P, unknown[]> {
    let statement = this.preparedValues.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql).raw(true);
      this.preparedValues.set(sql, statement);
    }
    return statement as Database.Statement<P, unknown[]>;
  }

  private guard<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      if (!this.db.open) {
        return Promise.reject(new PeopleError(ErrorCode.ServiceUnavailable, 'The store is closed'));
      }
      return Promise.reject(error);
    }
  }

  create(person: NewPerson, options: CreateOptions = {}): Promise<Person> {
    return this.guard(() => {
      const key = options.idempotencyKey ?? null;
      const fingerprint = key === null ? null : fingerprintOf(person);
      const now = new Date();
      const stored: Person = { ...person, photo: null, createdAt: now, updatedAt: now };
      try {
        this.statements.insert.run({
          ...personToRow(stored),
          idempotency_key: key,
          idempotency_fingerprint: fingerprint,
        });
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== 'SQLITE_CONSTRAINT_PRIMARYKEY' && code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
        // The document_id or the key is taken: a person stored under this key is a retry's answer.
        const earlier = key === null ? undefined : this.statements.byIdempotencyKey.get(key);
        if (!earlier) throw PeopleError.documentIdTaken(person.documentId);
        if (earlier.idempotency_fingerprint !== fingerprint) throw idempotencyKeyReused();
        return personFromRow(earlier);
      }
      return stored;
    });
  }

  get(documentId: string): Promise<Person | null> {
    return this.guard(() => {
      const row = this.statements.get.get(documentId);
      return row ? personFromRow(row) : null;
    });
  }

  getMany(documentIds: readonly string[]): Promise<(Person | null)[]> {
    return this.guard(() => {
      if (documentIds.length === 0) return [];
      const rows = this.statement<string[], PersonRow>(
        `SELECT * FROM people WHERE document_id IN (${documentIds.map(() => '?').join(', ')})`,
      ).all(...documentIds);
      const byId = new Map(rows.map((row) => [row.document_id, personFromRow(row)]));
      return documentIds.map((id) => byId.get(id) ?? null);
    });
  }

  page({ first, after, filter }: PageRequest): Promise<PersonPage> {
    return this.guard(() => {
      const { clauses, params } = whereFilter(filter);
      const bound: Record<string, string | number> = { ...params, limit: first + 1 };
      if (after) {
        clauses.push('document_id > @after');
        bound.after = decodeCursor(after);
      }
      const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
      const rows = this.valuesStatement<[Record<string, string | number>]>(
        `SELECT ${PERSON_COLUMN_LIST} FROM people ${where} ORDER BY document_id LIMIT @limit`,
      ).all(bound);
      const hasNextPage = rows.length > first;
      const people = rows.slice(0, first).map(personFromValues);
      const last = people[people.length - 1];
      return { people, hasNextPage, endCursor: last ? encodeCursor(last.documentId) : null };
    });
  }

  hasPeopleBefore(after: string, filter?: PeopleFilter): Promise<boolean> {
    return this.guard(() => {
      const { clauses, params } = whereFilter(filter);
      clauses.push('document_id <= @after');
      const row = this.statement<[Record<string, string | number>], { found: number }>(
        `SELECT 1 AS found FROM people WHERE ${clauses.join(' AND ')} LIMIT 1`,
      ).get({ ...params, after: decodeCursor(after) });
      return row !== undefined;
    });
  }

  count(filter?: PeopleFilter): Promise<number> {
    return this.guard(() => {
      const { clauses, params } = whereFilter(filter);
      const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
      const row = this.statement<[Record<string, string>], { n: number }>(
        `SELECT COUNT(*) AS n FROM people ${where}`,
      ).get(params);
      return row?.n ?? 0;
    });
  }

  update(documentId: string, changes: PersonChanges): Promise<Person> {
    return this.guard(() => {
      const row = this.statements.get.get(documentId);
      if (!row) throw PeopleError.personNotFound(documentId);
      const current = personFromRow(row);
      // A key may be present with the value undefined: that field does not change.
      const given = (Object.entries(changes) as [string, unknown][]).filter(([, value]) => value !== undefined);
      if (given.length === 0) return current;
      const next: Person = { ...current, ...Object.fromEntries(given), updatedAt: new Date() };
      this.write(next);
      return next;
    });
  }

  setPhoto(documentId: string, photo: StoredPhoto | null): Promise<{ before: Person; after: Person }> {
    return this.guard(() => {
      const row = this.statements.get.get(documentId);
      if (!row) throw PeopleError.personNotFound(documentId);
      const before = personFromRow(row);
      const after: Person = { ...before, photo, updatedAt: new Date() };
      this.write(after);
      return { before, after };
    });
  }

  private write(person: Person): void {
    const row = personToRow(person);
    const assignments = PERSON_COLUMNS.filter((c) => c !== 'document_id' && c !== 'created_at')
      .map((c) => `${c} = @${c}`)
      .join(', ');
    this.statement(`UPDATE people SET ${assignments} WHERE document_id = @document_id`).run(row);
  }

  delete(documentId: string): Promise<Person> {
    return this.guard(() => {
      const row = this.statements.delete.get(documentId);
      if (!row) throw PeopleError.personNotFound(documentId);
      return personFromRow(row);
    });
  }

  ping(): Promise<void> {
    return this.guard(() => {
      this.statement('SELECT 1').get();
    });
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }
}
