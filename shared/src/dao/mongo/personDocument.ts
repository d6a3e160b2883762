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
 * A person as stored in the `people` collection: the shape the older Python services wrote
 * (snake_case keys, Spanish labels for enums, `yyyy-mm-dd` birth dates), so both can share data,
 * plus `photo_key`, the photo store's key for the photo.
 */
export interface PersonDocument {
  document_type: string;
  document_id: string;
  first_name: string;
  middle_name: string | null;
  last_name: string;
  birth_date: string;
  gender: string;
  email: string;
  phone: string;
  photo_url: string | null;
  photo_key: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Every stored field but `_id`, which the services never expose. */
export const PERSON_PROJECTION = { _id: 0 } as const;

const documentTypeByLabel = new Map<string, DocumentType>(
  DOCUMENT_TYPES.map((value) => [DOCUMENT_TYPE_LABELS[value], value]),
);
const genderByLabel = new Map<string, Gender>(GENDERS.map((value) => [GENDER_LABELS[value], value]));

function fromLabel<T>(labels: Map<string, T>, label: unknown, field: string, documentId: unknown): T {
  const value = typeof label === 'string' ? labels.get(label) : undefined;
  if (value === undefined) {
    throw new Error(`Stored person ${String(documentId)} has an unknown ${field}: ${JSON.stringify(label)}`);
  }
  return value;
}

/** Older records may hold `dd-mm-yyyy` strings or BSON dates; the domain wants `yyyy-mm-dd`. */
function toIsoDate(value: unknown, documentId: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const parsed = typeof value === 'string' ? parseFlexibleDate(value) : null;
  if (parsed === null) {
    throw new Error(`Stored person ${String(documentId)} has an unreadable birth_date: ${JSON.stringify(value)}`);
  }
  return parsed;
}

function toPhoto(url: unknown, key: unknown): StoredPhoto | null {
  // Older records hold the placeholder URL, or a URL with no key, where this system holds null.
  if (typeof url !== 'string' || url === '' || url === PLACEHOLDER_PHOTO_URL) return null;
  return { url, key: typeof key === 'string' ? key : '' };
}

function toDate(value: unknown, fallback: Date): Date {
  return value instanceof Date ? value : fallback;
}

export function toPersonDocument(person: NewPerson, now: Date): PersonDocument {
  return {
    document_type: DOCUMENT_TYPE_LABELS[person.documentType],
    document_id: person.documentId,
    first_name: person.firstName,
    middle_name: person.middleName,
    last_name: person.lastName,
    birth_date: person.birthDate,
    gender: GENDER_LABELS[person.gender],
    email: person.email,
    phone: person.phone,
    photo_url: null,
    photo_key: null,
    created_at: now,
    updated_at: now,
  };
}

/** Reads a stored document, tolerating what the older system may have left (missing or `""` fields). */
export function fromPersonDocument(document: Partial<Record<keyof PersonDocument, unknown>>): Person {
  const id = document.document_id;
  const updatedAt = toDate(document.updated_at, toDate(document.created_at, new Date(0)));
  return {
    documentType: fromLabel(documentTypeByLabel, document.document_type, 'document_type', id),
    documentId: String(id),
    firstName: String(document.first_name ?? ''),
    middleName: typeof document.middle_name === 'string' && document.middle_name !== '' ? document.middle_name : null,
    lastName: String(document.last_name ?? ''),
    birthDate: toIsoDate(document.birth_date, id),
    gender: fromLabel(genderByLabel, document.gender, 'gender', id),
    email: String(document.email ?? ''),
    phone: String(document.phone ?? ''),
    photo: toPhoto(document.photo_url, document.photo_key),
    createdAt: toDate(document.created_at, updatedAt),
    updatedAt,
  };
}

/** The `$set` fields for a partial update; keys absent from `changes` are left out. */
export function toChangesSet(changes: PersonChanges): Partial<PersonDocument> {
  const set: Partial<PersonDocument> = {};
  if (changes.documentType !== undefined) set.document_type = DOCUMENT_TYPE_LABELS[changes.documentType];
  if (changes.firstName !== undefined) set.first_name = changes.firstName;
  if (changes.middleName !== undefined) set.middle_name = changes.middleName;
  if (changes.lastName !== undefined) set.last_name = changes.lastName;
  if (changes.birthDate !== undefined) set.birth_date = changes.birthDate;
  if (changes.gender !== undefined) set.gender = GENDER_LABELS[changes.gender];
  if (changes.email !== undefined) set.email = changes.email;
  if (changes.phone !== undefined) set.phone = changes.phone;
  return set;
}

export function toPhotoSet(photo: StoredPhoto | null): Pick<PersonDocument, 'photo_url' | 'photo_key'> {
  return { photo_url: photo?.url ?? null, photo_key: photo?.key ?? null };
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
