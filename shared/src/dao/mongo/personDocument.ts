import { ObjectId } from 'mongodb';
import { parseFlexibleDate } from '../../domain/calendarDate';
import {
  DOCUMENT_TYPES,
  GENDERS,
  type DocumentType,
  type Gender,
  type NewPerson,
  type PeopleFilter,
  type Person,
  type PersonChanges,
  type StoredPhoto,
} from '../../domain/person';
import { DOCUMENT_TYPE_LABELS, GENDER_LABELS, PLACEHOLDER_PHOTO_URL } from '../../domain/personSchema';

/**
 * A person as this system writes one to the `people` collection: exactly the shape and BSON types
 * the older Python services write and read (snake_case keys, Spanish labels, `birth_date` a date
 * at midnight UTC, `middle_name` always a string, `photo_url` absent until there is a photo), so
 * that both can serve one database; plus fields of its own that their reader ignores: `photo_key`
 * (the photo store's key), the timestamps, and the idempotency key of the create that stored it.
 */
export interface PersonDocument {
  document_type: string;
  document_id: string;
  first_name: string;
  middle_name: string;
  last_name: string;
  birth_date: Date;
  gender: string;
  email: string;
  phone: string;
  photo_url?: string;
  photo_key?: string;
  created_at: Date;
  updated_at: Date;
  /** The Idempotency-Key of the create that stored the person, and its input's fingerprint. */
  idempotency_key?: string;
  idempotency_fingerprint?: string;
}

/** A stored document as read: any field may be missing or of a shape an earlier writer left. */
export type StoredDocument = Partial<Record<keyof PersonDocument | '_id', unknown>>;

/** A `findOneAndUpdate` update: the fields to set and those to remove. */
export interface DocumentUpdate {
  $set: Partial<PersonDocument>;
  $unset: Partial<Record<keyof PersonDocument, ''>>;
}

export const DOCUMENT_TYPE_BY_LABEL: ReadonlyMap<string, DocumentType> = new Map(
  DOCUMENT_TYPES.map((value) => [DOCUMENT_TYPE_LABELS[value], value]),
);
export const GENDER_BY_LABEL: ReadonlyMap<string, Gender> = new Map(
  GENDERS.map((value) => [GENDER_LABELS[value], value]),
);

function fromLabel<T>(labels: ReadonlyMap<string, T>, label: unknown, field: string, documentId: unknown): T {
  const value = typeof label === 'string' ? labels.get(label) : undefined;
  if (value === undefined) {
    throw new Error(`Stored person ${String(documentId)} has an unknown ${field}: ${JSON.stringify(label)}`);
  }
  return value;
}

/** The birth day as the older services store it: a date at 00:00:00 UTC. */
export function birthDateToBson(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00.000Z`);
}

/**
 * A stored birth date as `yyyy-mm-dd`, or null when it is unreadable. The older services store
 * BSON dates; this system once stored `yyyy-mm-dd` strings, and `dd-mm-yyyy` ones are read too.
 */
export function readBirthDate(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  return typeof value === 'string' ? parseFlexibleDate(value) : null;
}

function toIsoDate(value: unknown, documentId: unknown): string {
  const parsed = readBirthDate(value);
  if (parsed === null) {
    throw new Error(`Stored person ${String(documentId)} has an unreadable birth_date: ${JSON.stringify(value)}`);
  }
  return parsed;
}

function toPhoto(url: unknown, key: unknown): StoredPhoto | null {
  // Older records hold the placeholder URL, or a URL with no key, where this system holds none.
  if (typeof url !== 'string' || url === '' || url === PLACEHOLDER_PHOTO_URL) return null;
  return { url, key: typeof key === 'string' ? key : '' };
}

function toDate(value: unknown): Date | null {
  return value instanceof Date ? value : null;
}

/** When the older services created a document: they keep no timestamps, but an ObjectId carries one. */
function idTime(id: unknown): Date | null {
  return id instanceof ObjectId ? id.getTimestamp() : null;
}

export function toPersonDocument(person: NewPerson, now: Date): PersonDocument {
  return {
    document_type: DOCUMENT_TYPE_LABELS[person.documentType],
    document_id: person.documentId,
    first_name: person.firstName,
    middle_name: person.middleName ?? '',
    last_name: person.lastName,
    birth_date: birthDateToBson(person.birthDate),
    gender: GENDER_LABELS[person.gender],
    email: person.email,
    phone: person.phone,
    created_at: now,
    updated_at: now,
  };
}

/**
 * A stored field as text: missing (or null) is ''; anything else the older system left (a number,
 * say) reads as String() reads it.
 */
function storedText(value: unknown): string {
  const stored: unknown = value ?? '';
  return String(stored);
}

/** Reads a stored document, tolerating what the older system may have left (missing or `""` fields). */
export function fromPersonDocument(document: StoredDocument): Person {
  const id = document.document_id;
  const createdAt = toDate(document.created_at) ?? idTime(document._id);
  const updatedAt = toDate(document.updated_at) ?? createdAt ?? new Date(0);
  return {
    documentType: fromLabel(DOCUMENT_TYPE_BY_LABEL, document.document_type, 'document_type', id),
    documentId: String(id),
    firstName: storedText(document.first_name),
    middleName: typeof document.middle_name === 'string' && document.middle_name !== '' ? document.middle_name : null,
    lastName: storedText(document.last_name),
    birthDate: toIsoDate(document.birth_date, id),
    gender: fromLabel(GENDER_BY_LABEL, document.gender, 'gender', id),
    email: storedText(document.email),
    phone: storedText(document.phone),
    photo: toPhoto(document.photo_url, document.photo_key),
    createdAt: createdAt ?? updatedAt,
    updatedAt,
  };
}

/** The `$set` fields for a partial update; keys absent from `changes` are left out. */
export function toChangesSet(changes: PersonChanges): Partial<PersonDocument> {
  const set: Partial<PersonDocument> = {};
  if (changes.documentType !== undefined) set.document_type = DOCUMENT_TYPE_LABELS[changes.documentType];
  if (changes.firstName !== undefined) set.first_name = changes.firstName;
  // The older reader takes only a string here: no middle name is "".
  if (changes.middleName !== undefined) set.middle_name = changes.middleName ?? '';
  if (changes.lastName !== undefined) set.last_name = changes.lastName;
  if (changes.birthDate !== undefined) set.birth_date = birthDateToBson(changes.birthDate);
  if (changes.gender !== undefined) set.gender = GENDER_LABELS[changes.gender];
  if (changes.email !== undefined) set.email = changes.email;
  if (changes.phone !== undefined) set.phone = changes.phone;
  return set;
}

/** A new photo sets both fields; no photo removes them, since the older reader fails on a null URL. */
export function toPhotoUpdate(photo: StoredPhoto | null): DocumentUpdate {
  return photo === null
    ? { $set: {}, $unset: { photo_url: '', photo_key: '' } }
    : { $set: { photo_url: photo.url, photo_key: photo.key }, $unset: {} };
}

/** The query for a filter; an empty filter matches everyone. */
export function toFilterQuery(
  filter: PeopleFilter | undefined,
): Partial<Pick<PersonDocument, 'document_type' | 'gender'>> {
  const query: Partial<Pick<PersonDocument, 'document_type' | 'gender'>> = {};
  if (filter?.documentType !== undefined) query.document_type = DOCUMENT_TYPE_LABELS[filter.documentType];
  if (filter?.gender !== undefined) query.gender = GENDER_LABELS[filter.gender];
  return query;
}
