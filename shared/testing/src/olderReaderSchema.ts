import { MongoClient, ObjectId, type Collection, type Document } from 'mongodb';

/**
 * The contract with the older Python services: what their reader requires of every document in
 * `people` (their response model is built from the whole document; extra fields are ignored).
 * Written from their code, and kept apart from the DAO's own mapping so
 * that a mistake in one cannot hide in the other.
 */
type BsonKind = 'objectId' | 'string' | 'date';

interface FieldRule {
  kind: BsonKind;
  /** Absent is fine (their reader defaults it); null never is. */
  optional?: true;
}

export const OLDER_READER_SCHEMA: Readonly<Record<string, FieldRule>> = {
  _id: { kind: 'objectId' },
  document_type: { kind: 'string' },
  document_id: { kind: 'string' },
  first_name: { kind: 'string' },
  middle_name: { kind: 'string' },
  last_name: { kind: 'string' },
  birth_date: { kind: 'date' },
  gender: { kind: 'string' },
  email: { kind: 'string' },
  phone: { kind: 'string' },
  photo_url: { kind: 'string', optional: true },
};

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof ObjectId) return 'objectId';
  if (value instanceof Date) return 'date';
  return typeof value;
}

/** Every way `document` breaks the older reader, one line per field; empty when it reads fine. */
export function olderReaderProblems(document: Document): string[] {
  const problems: string[] = [];
  for (const [field, rule] of Object.entries(OLDER_READER_SCHEMA)) {
    if (!(field in document)) {
      if (!rule.optional) problems.push(`${field}: missing`);
      continue;
    }
    const value: unknown = document[field];
    const kind = kindOf(value);
    if (kind !== rule.kind) problems.push(`${field}: ${kind}, the older reader wants ${rule.kind}`);
  }
  // They store datetime.combine(date, time.min) and call .date() on what they read.
  const birthDate: unknown = document.birth_date;
  if (birthDate instanceof Date && birthDate.toISOString().slice(10) !== 'T00:00:00.000Z') {
    problems.push(`birth_date: ${birthDate.toISOString()} is not midnight UTC`);
  }
  return problems;
}

/** A person as the older services write one: no photo yet, no timestamps, `""` for no middle name. */
export function olderServiceDocument(documentId: string, overrides: Document = {}): Document {
  return {
    _id: new ObjectId(),
    document_type: 'Cédula',
    document_id: documentId,
    first_name: 'Rosa',
    middle_name: '',
    last_name: 'Vieja',
    birth_date: new Date('1980-02-29T00:00:00Z'),
    gender: 'Femenino',
    email: `rosa${documentId}@example.com`,
    phone: '3109876543',
    ...overrides,
  };
}

/** The `people` collection of one database, read and written through the driver as it is. */
export interface RawPeople {
  collection: Collection;
  close(): Promise<void>;
  /** Drops the database and closes the client. */
  drop(): Promise<void>;
}

export function rawPeople(uri: string, database: string): RawPeople {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  return {
    collection: client.db(database).collection('people'),
    close: () => client.close(),
    async drop() {
      try {
        await client.db(database).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}
