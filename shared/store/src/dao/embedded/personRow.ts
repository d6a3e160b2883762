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

/** Each registry field's name and rule, in PERSON_COLUMNS order (key first). */
const FIELD_NAMES = [...PERSON_FIELD_NAMES_KEY_FIRST];
const FIELD_RULES = FIELD_NAMES.map((name) => PERSON_FIELDS[name]);

/**
 * A row read as its values in PERSON_COLUMNS order (better-sqlite3's raw mode, which builds no
 * object per row: half the time of a page of 2,000 read as objects), as a Person, built in place
 * in one plain loop: a page of thousands of people goes through here.
 */
export function personFromValues(values: readonly unknown[]): Person {
  const person: Record<string, unknown> = {};
  const fields = FIELD_NAMES.length;
  for (let index = 0; index < fields; index += 1) {
    const value = values[index];
    const rule = FIELD_RULES[index];
    // Each column holds the value its field's rule produced when the row was written.
    if (rule && !leftOut(rule, value)) person[FIELD_NAMES[index] as string] = value;
  }
  const photoUrl = values[fields] as string | null;
  const photoKey = values[fields + 1] as string | null;
  person.photo = photoUrl !== null && photoKey !== null ? { url: photoUrl, key: photoKey } : null;
  person.createdAt = new Date(values[fields + 2] as string);
  person.updatedAt = new Date(values[fields + 3] as string);
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
