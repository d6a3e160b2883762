import type { Person } from '@people/domain';
import {
  PERSON_FIELDS,
  PERSON_FIELD_NAMES_KEY_FIRST,
  leftOut,
  type ColumnValues,
  type PersonFieldName,
  type StoreKeys,
} from '@people/domain';

/** A row of the `people` table: a column per registry field (domain values), ISO strings for timestamps. */
type FieldColumns = { [K in PersonFieldName as StoreKeys[K]]: ColumnValues[K] };

export type PersonRow = FieldColumns & {
  photo_url: string | null;
  photo_key: string | null;
  created_at: string;
  updated_at: string;
};

/** The registry's columns (key first), then the server-set ones. */
export const PERSON_COLUMNS: readonly (keyof PersonRow)[] = [
  ...PERSON_FIELD_NAMES_KEY_FIRST.map((name) => PERSON_FIELDS[name].store),
  'photo_url',
  'photo_key',
  'created_at',
  'updated_at',
];

/** The columns of PERSON_COLUMNS as a select list, for statements that read rows as values. */
export const PERSON_COLUMN_LIST = PERSON_COLUMNS.join(', ');

/** Each registry field's name, in PERSON_COLUMNS order (key first). */
const FIELD_NAMES = [...PERSON_FIELD_NAMES_KEY_FIRST];

/**
 * A row read as its values in PERSON_COLUMNS order (better-sqlite3's raw mode, which builds no
 * object per row: half the time of a page of 2,000 read as objects), as a Person, built in place.
 */
export function personFromValues(values: readonly unknown[]): Person {
  const person: Record<string, unknown> = {};
  FIELD_NAMES.forEach((name, index) => {
    const value = values[index];
    // Each column holds the value its field's rule produced when the row was written.
    if (!leftOut(PERSON_FIELDS[name], value)) person[name] = value;
  });
  const [photoUrl, photoKey, createdAt, updatedAt] = values.slice(FIELD_NAMES.length) as [
    string | null,
    string | null,
    string,
    string,
  ];
  person.photo = photoUrl !== null && photoKey !== null ? { url: photoUrl, key: photoKey } : null;
  person.createdAt = new Date(createdAt);
  person.updatedAt = new Date(updatedAt);
  return person as unknown as Person;
}

export function personFromRow(row: PersonRow): Person {
  return personFromValues(PERSON_COLUMNS.map((column) => row[column]));
}

export function personToRow(person: Person): PersonRow {
  const fields = Object.fromEntries(
    PERSON_FIELD_NAMES_KEY_FIRST.map((name) => [PERSON_FIELDS[name].store, person[name] ?? null]),
  ) as FieldColumns;
  return {
    ...fields,
    photo_url: person.photo?.url ?? null,
    photo_key: person.photo?.key ?? null,
    created_at: person.createdAt.toISOString(),
    updated_at: person.updatedAt.toISOString(),
  };
}
