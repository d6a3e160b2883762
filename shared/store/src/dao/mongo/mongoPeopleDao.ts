import {
  MongoClient,
  MongoServerError,
  type Collection,
  type Filter,
  type IndexDescription,
  type UpdateFilter,
} from 'mongodb';
import { isDuplicateKeyError, mongoClientOptions, type MongoStoreConfig } from '@people/platform';
import {
  ErrorCode,
  PeopleError,
  TRUSTED_PAGE_SIZE,
  fingerprintOf,
  idempotencyKeyReused,
  type NewPerson,
  type PeopleFilter,
  type Person,
  type PersonChanges,
  type StoredPhoto,
} from '@people/domain';
import { decodeCursor, encodeCursor } from '../cursor';
import type { CreateOptions, PageRequest, PeopleDao, PersonPage } from '../peopleDao';
import { translateMongoError } from './mongoErrors';
import { PEOPLE_COLLECTION } from './collection';
import { auditDocument } from './documentAudit';
import { DuplicateDocumentIdsError, findDuplicateDocumentIds } from './duplicates';
import {
  fromPersonDocument,
  toChangesUpdate,
  toFilterQuery,
  toPersonDocument,
  toPhotoUpdate,
  type DocumentUpdate,
  type PersonDocument,
  type StoredDocument,
} from './personDocument';

/**
 * How often an update may lose the race to a concurrent update of the same person before giving
 * up; each loss means someone else's write landed, so this only runs out under a storm of writes.
 */
const MAX_UPDATE_ATTEMPTS = 10;

/**
 * The unique `document_id` index, and one per filter shape of `page`/`count` (type and gender,
 * type alone, gender alone) ending in `document_id` for the order. Names are the driver's
 * defaults (`document_id_1`, ...) so that an index the older system created is reused. On
 * FerretDB's SQLite backend these queries are not pushed down, so there the indexes only enforce
 * uniqueness.
 */
const PEOPLE_INDEXES: readonly IndexDescription[] = [
  { key: { document_id: 1 }, unique: true },
  // Sparse: people created without a key (and the older services' documents) have none.
  { key: { idempotency_key: 1 }, unique: true, sparse: true },
  { key: { document_type: 1, gender: 1, document_id: 1 } },
  { key: { document_type: 1, document_id: 1 } },
  { key: { gender: 1, document_id: 1 } },
];

/** How many duplicated document_ids a start-up error names. */
const DUPLICATES_NAMED = 5;

/** A start-up error a person can act on, for an index the data or an older index stands in the way of. */
async function indexError(
  error: unknown,
  { key, unique }: IndexDescription,
  people: Collection<PersonDocument>,
): Promise<unknown> {
  const keys = Object.keys(key).join(', ');
  // MongoDB answers duplicate key (11000); FerretDB 1.24 answers InternalError (1) with SQLite's
  // "UNIQUE constraint failed" text. So the data is asked directly instead of the error judged.
  if (unique === true) {
    const duplicates = await findDuplicateDocumentIds(people, DUPLICATES_NAMED).catch(() => null);
    if (duplicates !== null && duplicates.total > 0) return new DuplicateDocumentIdsError(duplicates, { cause: error });
  }
  // 85 IndexOptionsConflict, 86 IndexKeySpecsConflict: an index on these keys exists with other
  // options. FerretDB 1.x does not compare options, so there such an index is silently kept.
  if (error instanceof MongoServerError && (error.code === 85 || error.code === 86)) {
    return new Error(
      `The "${PEOPLE_COLLECTION}" collection has an index on (${keys}) with other options; drop it so that the service can create its own`,
      { cause: error },
    );
  }
  return error;
}

async function ensureIndexes(people: Collection<PersonDocument>): Promise<void> {
  // One index per command: FerretDB 1.24 panics (and drops the connection) when a single
  // createIndexes names two or more indexes that already exist; MongoDB takes them together.
  for (const index of PEOPLE_INDEXES) {
    const { key, ...options } = index;
    try {
      await people.createIndex(key, options);
    } catch (error) {
      throw await indexError(error, index, people);
    }
  }
}

/** The read subgraph bounds pages for its callers; the store serves up to the bridge's trusted size. */
function checkPageSize(first: number): void {
  if (!Number.isInteger(first) || first < 1 || first > TRUSTED_PAGE_SIZE) {
    throw PeopleError.invalidInput([
      { field: 'first', message: `Must be an integer from 1 to ${TRUSTED_PAGE_SIZE}`, type: 'value_error' },
    ]);
  }
}

/** One update of `change` over `repair`; what the change sets is never also removed. */
function updateOperators(
  repair: DocumentUpdate | null,
  change: DocumentUpdate,
  updatedAt: Date,
): UpdateFilter<PersonDocument> {
  const $set = { ...repair?.$set, ...change.$set, updated_at: updatedAt };
  const $unset = Object.fromEntries(
    Object.entries({ ...repair?.$unset, ...change.$unset }).filter(([field]) => !(field in $set)),
  );
  // An empty $unset is refused by MongoDB before 5.0.
  return Object.keys($unset).length === 0 ? { $set } : { $set, $unset };
}

class MongoPeopleDao implements PeopleDao {
  constructor(
    private readonly client: MongoClient,
    private readonly people: Collection<PersonDocument>,
  ) {}

  /** Runs one call against the store and speaks the shared errors for what went wrong. */
  private async call<T>(operation: () => Promise<T>, documentId?: string): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw translateMongoError(error, documentId);
    }
  }

  create(person: NewPerson, options: CreateOptions = {}): Promise<Person> {
    const key = options.idempotencyKey;
    if (key === undefined) {
      return this.call(async () => {
        const document = toPersonDocument(person, new Date());
        // insertOne adds `_id` to what it is given; keep `document` free of it.
        await this.people.insertOne({ ...document });
        return fromPersonDocument(document);
      }, person.documentId);
    }
    return this.call(() => this.createIdempotent(person, key, fingerprintOf(person)), person.documentId);
  }

  /**
   * The key and fingerprint go into the person's own document, so they are stored exactly when
   * the person is (one document: no transaction needed). The insert comes first, so that a create
   * that reached the store, even one whose answer was lost, is what a retry finds: a duplicate
   * key (the document_id or the key taken) is then looked up by the key, and only when no person
   * holds the key is it the ordinary conflict.
   */
  private async createIdempotent(person: NewPerson, key: string, fingerprint: string): Promise<Person> {
    const document = toPersonDocument(person, new Date());
    try {
      await this.people.insertOne({ ...document, idempotency_key: key, idempotency_fingerprint: fingerprint });
      return fromPersonDocument(document);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const earlier = await this.people.findOne({ idempotency_key: key });
      if (earlier === null) throw error;
      if (earlier.idempotency_fingerprint !== fingerprint) throw idempotencyKeyReused();
      return fromPersonDocument(earlier);
    }
  }

  get(documentId: string): Promise<Person | null> {
    return this.call(async () => {
      const document = await this.people.findOne({ document_id: documentId });
      return document === null ? null : fromPersonDocument(document);
    });
  }

  getMany(documentIds: readonly string[]): Promise<(Person | null)[]> {
    return this.call(async () => {
      if (documentIds.length === 0) return [];
      const unique = [...new Set(documentIds)];
      const documents = await this.people.find({ document_id: { $in: unique } }).toArray();
      const byId = new Map(documents.map((document) => [document.document_id, fromPersonDocument(document)]));
      return documentIds.map((documentId) => byId.get(documentId) ?? null);
    });
  }

  async page(request: PageRequest): Promise<PersonPage> {
    checkPageSize(request.first);
    const after = request.after === undefined || request.after === null ? null : decodeCursor(request.after);
    return this.call(async () => {
      // Keyset pagination: the next page starts after the last documentId seen, never at an offset.
      const query = {
        ...toFilterQuery(request.filter),
        ...(after === null ? {} : { document_id: { $gt: after } }),
      };
      const documents = await this.people
        .find(query)
        .sort({ document_id: 1 })
        .limit(request.first + 1)
        .toArray();
      const people = documents.slice(0, request.first).map(fromPersonDocument);
      const last = people.at(-1);
      return {
        people,
        endCursor: last === undefined ? null : encodeCursor(last.documentId),
        hasNextPage: documents.length > request.first,
      };
    });
  }

  async hasPeopleBefore(after: string, filter?: PeopleFilter): Promise<boolean> {
    const cursor = decodeCursor(after);
    return this.call(async () => {
      const query = { ...toFilterQuery(filter), document_id: { $lte: cursor } };
      return (await this.people.findOne(query, { projection: { _id: 1 } })) !== null;
    });
  }

  count(filter?: PeopleFilter): Promise<number> {
    return this.call(() => this.people.countDocuments(toFilterQuery(filter)));
  }

  update(documentId: string, changes: PersonChanges): Promise<Person> {
    return this.call(async () => {
      const update = toChangesUpdate(changes);
      if (Object.keys(update.$set).length === 0 && Object.keys(update.$unset).length === 0) {
        const current = await this.people.findOne({ document_id: documentId });
        if (current === null) throw PeopleError.personNotFound(documentId);
        return fromPersonDocument(current);
      }
      return (await this.stampedUpdate(documentId, update)).after;
    });
  }

  setPhoto(documentId: string, photo: StoredPhoto | null): Promise<{ before: Person; after: Person }> {
    return this.call(() => this.stampedUpdate(documentId, toPhotoUpdate(photo)));
  }

  /**
   * Applies `change` and moves `updated_at` strictly forward, even when the clock has not ticked
   * since the last write. The write also brings the rest of the document to the shape the older
   * services read (see auditDocument), so that whatever this system writes, they can read. It
   * only lands if `updated_at` is still what was read (compare and set; a document the older
   * services wrote has none, which matches as null), so `before` is exactly the record the change
   * was applied to. One document, so no transaction is needed (FerretDB 1.x has none).
   */
  private async stampedUpdate(documentId: string, change: DocumentUpdate): Promise<{ before: Person; after: Person }> {
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt += 1) {
      const current = await this.people.findOne({ document_id: documentId });
      if (current === null) throw PeopleError.personNotFound(documentId);
      const before = fromPersonDocument(current);
      const updatedAt = new Date(Math.max(Date.now(), before.updatedAt.getTime() + 1));
      const after = await this.people.findOneAndUpdate(
        // A document of the older system may have no updated_at: null matches a missing field.
        {
          document_id: documentId,
          updated_at: (current as StoredDocument).updated_at ?? null,
        } as Filter<PersonDocument>,
        updateOperators(auditDocument(current).repair, change, updatedAt),
        { returnDocument: 'after' },
      );
      if (after !== null) return { before, after: fromPersonDocument(after) };
    }
    throw new PeopleError(
      ErrorCode.ServiceUnavailable,
      'This person is being changed by many requests at once; try again shortly',
      { retryAfterSeconds: 1 },
    );
  }

  delete(documentId: string): Promise<Person> {
    return this.call(async () => {
      const removed = await this.people.findOneAndDelete({ document_id: documentId });
      if (removed === null) throw PeopleError.personNotFound(documentId);
      return fromPersonDocument(removed);
    });
  }

  ping(): Promise<void> {
    return this.call(async () => {
      await this.client.db('admin').command({ ping: 1 });
    });
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/**
 * Connects to MongoDB (or FerretDB), makes sure the indexes exist and returns the DAO. Rejects with
 * SERVICE_UNAVAILABLE when the store cannot be reached within `timeoutMs`.
 */
export async function openMongoPeopleDao(config: MongoStoreConfig): Promise<PeopleDao> {
  const client = new MongoClient(config.uri, mongoClientOptions(config));
  try {
    await client.connect();
    const people = client.db(config.database).collection<PersonDocument>(PEOPLE_COLLECTION);
    await ensureIndexes(people);
    return new MongoPeopleDao(client, people);
  } catch (error) {
    await client.close().catch(() => undefined);
    throw translateMongoError(error);
  }
}
