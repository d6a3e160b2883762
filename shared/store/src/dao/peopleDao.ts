import type { NewPerson, PeopleFilter, Person, PersonChanges, StoredPhoto } from '@people/domain';

export interface PageRequest {
  /** How many people, 1 to TRUSTED_PAGE_SIZE (the read subgraph holds public callers to MAX_PAGE_SIZE). */
  first: number;
  /** An `endCursor` of an earlier page; absent for the first page. */
  after?: string | null;
  filter?: PeopleFilter;
}

export interface CreateOptions {
  /** The client's Idempotency-Key, already checked with readIdempotencyKey. */
  idempotencyKey?: string;
}

export interface PersonPage {
  people: Person[];
  /** The cursor of the last person on the page, null on an empty page. */
  endCursor: string | null;
  hasNextPage: boolean;
}

/**
 * The one way the services reach stored people. People are ordered by `documentId`; cursors are
 * opaque to callers. Methods throw PeopleErrors: CONFLICT when a `documentId` is taken,
 * NOT_FOUND when it names nobody, BAD_USER_INPUT for a cursor this store never issued,
 * SERVICE_UNAVAILABLE when the store cannot be reached.
 */
export interface PeopleDao {
  /**
   * Stores a new person with `createdAt` = `updatedAt` = now and no photo. With an idempotency
   * key, the key and the input's fingerprint are stored with the person in the same write, so a
   * create that was stored but never answered is found again: a later create with the same key and
   * input returns that person (as it now is) instead of a CONFLICT, and the same key with
   * another input is BAD_USER_INPUT. The key lives as long as the person.
   */
  create(person: NewPerson, options?: CreateOptions): Promise<Person>;
  get(documentId: string): Promise<Person | null>;
  /** One result per id, in the order asked, null where nobody has that id. */
  getMany(documentIds: readonly string[]): Promise<(Person | null)[]>;
  page(request: PageRequest): Promise<PersonPage>;
  /** Whether anyone `filter` matches sorts at or before `after` (a page's `hasPreviousPage`). */
  hasPeopleBefore(after: string, filter?: PeopleFilter): Promise<boolean>;
  count(filter?: PeopleFilter): Promise<number>;
  /** Changes only the fields given and moves `updatedAt`; with no field given, changes nothing. */
  update(documentId: string, changes: PersonChanges): Promise<Person>;
  /** Sets or clears the photo and moves `updatedAt`; returns the person before and after. */
  setPhoto(documentId: string, photo: StoredPhoto | null): Promise<{ before: Person; after: Person }>;
  /** Removes the person and returns the record as it was. */
  delete(documentId: string): Promise<Person>;
  /** Resolves when the store answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
