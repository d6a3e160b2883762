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

/** Each registry field with its column, key first: read once, as every row of a page reads them. */
const FIELD_COLUMNS = PERSON_FIELD_NAMES_KEY_FIRST.map((name) => ({ name, column: PERSON_FIELDS[name].store }));

export function personFromRow(row: PersonRow): Person {
  const columns: Record<string, unknown> = row;
  // One object built in place: a page maps thousands of rows.
  const person: Record<string, unknown> = {};
  for (const { name, column } of FIELD_COLUMNS) {
    const value = columns[column];
    // Each column holds the value its field's rule produced when the row was written.
    if (!leftOut(PERSON_FIELDS[name], value)) person[name] = value;
  }
  person.photo = row.photo_url !== null && row.photo_key !== null ? { url: row.photo_url, key: row.photo_key } : null;
  person.createdAt = new Date(row.created_at);
  person.updatedAt = new Date(row.updated_at);
  return person as unknown as Person;
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
