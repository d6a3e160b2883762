import { ObjectId } from 'mongodb';
import { parseFlexibleDate } from '@people/domain';
import type { DocumentType, Gender, NewPerson, PeopleFilter, Person, StoredPhoto } from '@people/domain';
import {
  DOCUMENT_TYPE_LABELS,
  GENDER_LABELS,
  PERSON_FIELDS,
  PERSON_KEY,
  personFields,
  type ChoiceField,
  leftOut,
  type FieldsAs,
  type PersonField,
  type PersonFieldName,
  type StoreKeys,
} from '@people/domain';
import { PLACEHOLDER_PHOTO_URL } from '@people/domain';

/** A registry field's BSON value: a label for a choice, a Date for a date, otherwise a string. */
type DocumentValues = {
  [K in PersonFieldName]: (typeof PERSON_FIELDS)[K] extends { readonly kind: 'pastDate' } ? Date : string;
};

/**
 * A person as this system writes one to the `people` collection: exactly the shape and BSON types
 * the older Python services write and read (snake_case keys, Spanish labels, `birth_date` a date
 * at midnight UTC, `middle_name` always a string, `photo_url` absent until there is a photo), so
 * that both can serve one database; plus fields of its own that their reader ignores: registry
 * fields they never had (left out until they have a value), `photo_key` (the photo store's key),
 * the timestamps, and the idempotency key of the create that stored it.
 */
export type PersonDocument = FieldsAs<StoreKeys, DocumentValues> & {
  photo_url?: string;
  photo_key?: string;
  created_at: Date;
  updated_at: Date;
  /** The Idempotency-Key of the create that stored the person, and its input's fingerprint. */
  idempotency_key?: string;
  idempotency_fingerprint?: string;
};

/** A stored document as read: any field may be missing or of a shape an earlier writer left. */
export type StoredDocument = Partial<Record<keyof PersonDocument | '_id', unknown>>;

/** A `findOneAndUpdate` update: the fields to set and those to remove. */
export interface DocumentUpdate {
  $set: Partial<PersonDocument>;
  $unset: Partial<Record<keyof PersonDocument, ''>>;
}

function byLabel<T extends string>(field: ChoiceField<T>): ReadonlyMap<string, T> {
  return new Map(field.values.map((value) => [field.labels[value], value]));
}

export const DOCUMENT_TYPE_BY_LABEL: ReadonlyMap<string, DocumentType> = byLabel(PERSON_FIELDS.documentType);
export const GENDER_BY_LABEL: ReadonlyMap<string, Gender> = byLabel(PERSON_FIELDS.gender);

/** The value behind each stored label, per choice field. */
const VALUE_BY_LABEL: ReadonlyMap<PersonField, ReadonlyMap<string, string>> = new Map(
  personFields().flatMap(([, field]) => (field.kind === 'choice' ? [[field, byLabel(field)] as const] : [])),
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

/** A field's value as stored: a choice's label, a date at midnight UTC, `""` for an older optional field with none. */
function toDocumentValue(field: PersonField, value: string | null): string | Date {
  if (value === null) return '';
  if (field.kind === 'choice') return labelOf(field, value);
  return field.kind === 'pastDate' ? birthDateToBson(value) : value;
}

function labelOf(field: ChoiceField, value: string): string {
  return field.labels[value] ?? value;
}

/**
 * The update for the fields present in `values` (a partial change, or a whole person); keys absent
 * are left alone. The older reader takes only a string for its own optional fields: none is "". A
 * field it never had is removed when none.
 */
export function toChangesUpdate(values: Partial<Record<PersonFieldName, string | null>>): DocumentUpdate {
  const update: { $set: Record<string, string | Date>; $unset: Record<string, ''> } = { $set: {}, $unset: {} };
  for (const [name, field] of personFields()) {
    const value = values[name];
    if (value === undefined) continue;
    if (leftOut(field, value)) update.$unset[field.store] = '';
    else update.$set[field.store] = toDocumentValue(field, value);
  }
  return update;
}

export function toPersonDocument(person: NewPerson, now: Date): PersonDocument {
  const complete: Partial<Record<PersonFieldName, string | null>> = { ...person };
  // The older reader wants every field it knows: one left out is stored as none.
  for (const [name, field] of personFields()) if (field.optional === 'empty') complete[name] ??= null;
  // Every field of the older contract is present now, so every key of PersonDocument it requires is set.
  const fields = toChangesUpdate(complete).$set as Omit<PersonDocument, 'created_at' | 'updated_at'>;
  return { ...fields, created_at: now, updated_at: now };
}

/**
 * A stored field as text: missing (or null) is ''; anything else the older system left (a number,
 * say) reads as String() reads it.
 */
function storedText(value: unknown): string {
  const stored: unknown = value ?? '';
  return String(stored);
}

/** A stored field's value, tolerating what the older system may have left (missing or `""` fields). */
function fromDocumentValue(name: PersonFieldName, field: PersonField, document: StoredDocument): string | null {
  const id = document.document_id;
  const value = (document as Record<string, unknown>)[field.store];
  if (field.kind === 'choice')
    return fromLabel(VALUE_BY_LABEL.get(field) ?? new Map<string, string>(), value, field.store, id);
  if (field.kind === 'pastDate') return toIsoDate(value, id);
  if (field.optional) return typeof value === 'string' && value !== '' ? value : null;
  return name === PERSON_KEY ? String(value) : storedText(value);
}

/** Reads a stored document, tolerating what the older system may have left (missing or `""` fields). */
export function fromPersonDocument(document: StoredDocument): Person {
  const createdAt = toDate(document.created_at) ?? idTime(document._id);
  const updatedAt = toDate(document.updated_at) ?? createdAt ?? new Date(0);
  const fields = Object.fromEntries(
    personFields()
      .map(([name, field]) => [name, field, fromDocumentValue(name, field, document)] as const)
      .filter(([, field, value]) => !leftOut(field, value))
      .map(([name, , value]) => [name, value]),
  );
  return {
    // Each value was read by its field's kind, which is what the Person fields derive from.
    ...(fields as Pick<Person, PersonFieldName>),
    photo: toPhoto(document.photo_url, document.photo_key),
    createdAt: createdAt ?? updatedAt,
    updatedAt,
  };
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
