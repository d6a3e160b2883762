import type Database from 'better-sqlite3';
import { personFields } from '@people/domain';

/** One schema step: the SQL that takes a store from `version - 1` to `version`. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly up: string | ((db: Database.Database) => void);
}

export class DataDirTooNewError extends Error {
  constructor(
    readonly dataDir: string,
    readonly foundVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `The data directory ${dataDir} holds an embedded store at schema version ${foundVersion}, but this ` +
        `release knows versions up to ${knownVersion}: a newer release wrote it. Open it with that release ` +
        'or a later one, or point DATA_DIR elsewhere.',
    );
    this.name = 'DataDirTooNewError';
  }
}

export class UnknownLayoutError extends Error {
  constructor(
    readonly dataDir: string,
    readonly columns: readonly string[],
  ) {
    super(
      `The data directory ${dataDir} holds a people table with no schema version and columns ` +
        `(${columns.join(', ')}) that no release of the embedded store created; it was left unchanged.`,
    );
    this.name = 'UnknownLayoutError';
  }
}

/** The first release's table and indexes, as it created them. */
const FIRST_RELEASE_TABLE = `
  CREATE TABLE people (
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
`;
const FIRST_RELEASE_INDEXES = `
  CREATE INDEX IF NOT EXISTS people_type_id ON people (document_type, document_id);
  CREATE INDEX IF NOT EXISTS people_gender_id ON people (gender, document_id);
`;

const IDEMPOTENCY_COLUMNS = `
  ALTER TABLE people ADD COLUMN idempotency_key TEXT;
  ALTER TABLE people ADD COLUMN idempotency_fingerprint TEXT;
`;
const IDEMPOTENCY_INDEX = `
  CREATE UNIQUE INDEX IF NOT EXISTS people_idempotency_key ON people (idempotency_key)
    WHERE idempotency_key IS NOT NULL;
`;

/** Every step in order, versions 1, 2, …; a new layout is a new step at the end, never an edit. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'people table and its filter indexes', up: FIRST_RELEASE_TABLE + FIRST_RELEASE_INDEXES },
  { version: 2, description: 'idempotency key and fingerprint', up: IDEMPOTENCY_COLUMNS + IDEMPOTENCY_INDEX },
];

const FIRST_RELEASE_COLUMNS = [
  'document_id',
  'document_type',
  'first_name',
  'middle_name',
  'last_name',
  'birth_date',
  'gender',
  'email',
  'phone',
  'photo_url',
  'photo_key',
  'created_at',
  'updated_at',
];

/**
 * What releases before versioning left: no `user_version`, a table made by `CREATE TABLE IF NOT
 * EXISTS` and indexes that every open re-created with `IF NOT EXISTS`. A folder is recognised by
 * its columns; `indexes` is what that release's next open would have run, run once more on adoption.
 */
const UNVERSIONED_LAYOUTS: readonly { version: number; columns: readonly string[]; indexes: string }[] = [
  { version: 1, columns: FIRST_RELEASE_COLUMNS, indexes: FIRST_RELEASE_INDEXES },
  {
    version: 2,
    columns: [...FIRST_RELEASE_COLUMNS, 'idempotency_key', 'idempotency_fingerprint'],
    indexes: FIRST_RELEASE_INDEXES + IDEMPOTENCY_INDEX,
  },
];

function columnsOf(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('people') ORDER BY cid")
    .all()
    .map((c) => c.name);
}

/** The version an unversioned file's layout already has: 0 when it holds no people table. */
function adoptUnversioned(db: Database.Database, dataDir: string): number {
  const columns = columnsOf(db);
  if (columns.length === 0) return 0;
  const layout = UNVERSIONED_LAYOUTS.find(
    (l) => l.columns.length === columns.length && l.columns.every((name) => columns.includes(name)),
  );
  if (!layout) throw new UnknownLayoutError(dataDir, columns);
  db.exec(layout.indexes);
  return layout.version;
}

/** A registry field's column: its name, and whether a row may hold no value in it. */
export interface FieldColumn {
  readonly name: string;
  readonly optional: boolean;
}

export const FIELD_COLUMNS: readonly FieldColumn[] = personFields().map(([, field]) => ({
  name: field.store,
  optional: field.optional !== false,
}));

export class MissingRequiredColumnError extends Error {
  constructor(
    readonly dataDir: string,
    readonly column: string,
  ) {
    super(
      `The people table in ${dataDir} has no column ${column}, and a required field cannot be added to the ` +
        'people already stored without a value: add a numbered step that fills it in.',
    );
    this.name = 'MissingRequiredColumnError';
  }
}

/**
 * Adds a column for every optional field of the registry that the table lacks, after the numbered
 * steps: a new optional field reaches every existing folder without a step of its own, and its
 * absent value is NULL, which reads as none. It writes nothing when no column is missing.
 */
function addFieldColumns(db: Database.Database, dataDir: string, fields: readonly FieldColumn[]): void {
  const existing = new Set(columnsOf(db));
  for (const field of fields) {
    if (existing.has(field.name)) continue;
    if (!field.optional) throw new MissingRequiredColumnError(dataDir, field.name);
    db.exec(`ALTER TABLE people ADD COLUMN "${field.name}" TEXT`);
  }
}

/**
 * Brings the store to the last version of `migrations`, in one transaction: reads `user_version`
 * (recognising an unversioned layout), runs each newer step in order, adds the registry's missing
 * optional columns and records the version. A step that fails leaves the file as it was. A version
 * newer than the last step is refused. Steps other than this release's stand for another release,
 * which knew other fields: then no columns are added unless `fields` names them.
 */
export function migrateSchema(
  db: Database.Database,
  dataDir: string,
  migrations: readonly Migration[] = MIGRATIONS,
  fields: readonly FieldColumn[] = migrations === MIGRATIONS ? FIELD_COLUMNS : [],
): void {
  const latest = migrations.length;
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Schema step ${i + 1} is numbered ${m.version}`);
  });
  // IMMEDIATE: the write lock is taken before the version is read, so no one upgrades in between.
  db.transaction(() => {
    const recorded = db.pragma('user_version', { simple: true }) as number;
    if (recorded > latest) throw new DataDirTooNewError(dataDir, recorded, latest);
    const applied = recorded === 0 ? adoptUnversioned(db, dataDir) : recorded;
    for (const step of migrations.slice(applied)) {
      if (typeof step.up === 'string') db.exec(step.up);
      else step.up(db);
    }
    addFieldColumns(db, dataDir, fields);
    // Only when it changes: an open with nothing to upgrade writes nothing.
    if (recorded !== latest) db.pragma(`user_version = ${latest}`);
  }).immediate();
}
