import type { Person } from '../../domain/person';

/** A row of the `people` table: snake_case columns, ISO strings for timestamps. */
export interface PersonRow {
  document_id: string;
  document_type: Person['documentType'];
  first_name: string;
  middle_name: string | null;
  last_name: string;
  birth_date: string;
  gender: Person['gender'];
  email: string;
  phone: string;
  photo_url: string | null;
  photo_key: string | null;
  created_at: string;
  updated_at: string;
}

export const PERSON_COLUMNS: readonly (keyof PersonRow)[] = [
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

export function personFromRow(row: PersonRow): Person {
  return {
    documentId: row.document_id,
    documentType: row.document_type,
    firstName: row.first_name,
    middleName: row.middle_name,
    lastName: row.last_name,
    birthDate: row.birth_date,
    gender: row.gender,
    email: row.email,
    phone: row.phone,
    photo: row.photo_url !== null && row.photo_key !== null ? { url: row.photo_url, key: row.photo_key } : null,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

export function personToRow(person: Person): PersonRow {
  return {
    document_id: person.documentId,
    document_type: person.documentType,
    first_name: person.firstName,
    middle_name: person.middleName,
    last_name: person.lastName,
    birth_date: person.birthDate,
    gender: person.gender,
    email: person.email,
    phone: person.phone,
    photo_url: person.photo?.url ?? null,
    photo_key: person.photo?.key ?? null,
    created_at: person.createdAt.toISOString(),
    updated_at: person.updatedAt.toISOString(),
  };
}
