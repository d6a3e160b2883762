import { z } from 'zod';
import { parseFlexibleDate, parseIsoDate } from './calendarDate';
import { documentIdRule, labelled, named, pastDate } from './fieldRules';
import {
  CHANGEABLE_FIELD_NAMES,
  PERSON_FIELDS,
  PERSON_FIELD_NAMES,
  PERSON_KEY,
  SERVER_SET_FIELDS,
  personFields,
  type NewPerson,
  type PersonChanges,
  type PersonField,
  type PersonFieldName,
} from './personFields';
import { validate } from './validate';

/**
 * The registry's rules assembled into two dialects: the REST one (snake_case keys, Spanish labels,
 * two date formats) and the GraphQL one (camelCase, enum names, ISO dates). Both produce the same
 * domain values.
 */

export const PLACEHOLDER_PHOTO_URL = 'https://example.com/photo.jpg';

/** A `documentId` argument (or entity key), checked and reported under that name. */
export function validDocumentId(value: unknown): string {
  return validate(documentIdRule, value, 'documentId');
}

type Dialect = 'rest' | 'graphql';

function dialectRule(field: PersonField, dialect: Dialect): z.ZodType<string> {
  switch (field.kind) {
    case 'text':
      return field.rule;
    case 'choice':
      return dialect === 'rest' ? labelled(field.labels, field.values) : named(field.values);
    case 'pastDate':
      return dialect === 'rest'
        ? pastDate(parseFlexibleDate, 'yyyy-mm-dd or dd-mm-yyyy')
        : pastDate(parseIsoDate, 'yyyy-mm-dd');
  }
}

/** A field's rule in one dialect; an optional field also takes null, and `""` means null. */
function fieldRule(field: PersonField, dialect: Dialect): z.ZodType<string | null> {
  const rule = dialectRule(field, dialect);
  if (!field.optional) return rule;
  return rule.nullable().transform((value) => (value === '' || value === null ? null : value));
}

function shapeOf(
  names: readonly PersonFieldName[],
  rule: (field: PersonField) => z.ZodType,
): Record<string, z.ZodType> {
  return Object.fromEntries(names.map((name) => [name, rule(PERSON_FIELDS[name])]));
}

/** Domain field name → REST field name, server-set fields included. */
export const REST_FIELD_NAMES = Object.fromEntries(
  [...personFields(), ...Object.entries(SERVER_SET_FIELDS)].map(([name, field]) => [name, field.rest]),
) as Readonly<Record<PersonFieldName | keyof typeof SERVER_SET_FIELDS, string>>;

function restShape(optionalAll: boolean): Record<string, z.ZodType> {
  return Object.fromEntries(
    personFields().map(([, field]) => {
      const rule = fieldRule(field, 'rest');
      return [field.rest, optionalAll || field.optional ? rule.optional() : rule];
    }),
  );
}

/** Fields the server sets; a REST client may send them back unchanged, and they are ignored. */
const serverSetRestFields = Object.fromEntries(
  Object.values(SERVER_SET_FIELDS).map((field) => [field.rest, z.unknown().optional().meta({ readOnly: true })]),
);

/** The domain value of every field in `names` from a parsed REST body (absent stays undefined). */
function fromRest(fields: Record<string, unknown>, names: readonly PersonFieldName[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name) => [name, fields[PERSON_FIELDS[name].rest]]));
}

export const restCreatePersonSchema = z
  .strictObject({ ...restShape(false), ...serverSetRestFields })
  .transform((fields) => {
    const person = fromRest(fields, PERSON_FIELD_NAMES);
    for (const [name, field] of personFields()) if (field.optional === 'empty') person[name] ??= null;
    // Each value was parsed by the rule of its field, which is what NewPerson is derived from.
    return person as NewPerson;
  })
  .meta({ id: 'PersonCreate' });

export const restUpdatePersonSchema = z
  .strictObject({ ...restShape(true), ...serverSetRestFields })
  .transform((fields): { documentId: string | undefined; changes: PersonChanges } => ({
    documentId: fields[PERSON_FIELDS[PERSON_KEY].rest] as string | undefined,
    changes: fromRest(fields, CHANGEABLE_FIELD_NAMES),
  }))
  .meta({ id: 'PersonUpdate' });

/** The GraphQL create input: a field of the older contract left out is null, as they had it. */
const graphqlCreateShape = shapeOf(PERSON_FIELD_NAMES, (field) => {
  const rule = fieldRule(field, 'graphql');
  if (field.optional === 'empty') return rule.optional().transform((value) => value ?? null);
  return field.optional ? rule.optional() : rule;
});

/*
 * zod cannot infer a type from a shape built at run time; the one it is given is the one the
 * registry derives for the same fields.
 */
export const createPersonInputSchema = z.strictObject(graphqlCreateShape) as unknown as z.ZodType<NewPerson>;

export const updatePersonInputSchema = z.strictObject(
  shapeOf(CHANGEABLE_FIELD_NAMES, (field) => fieldRule(field, 'graphql').optional()),
) as unknown as z.ZodType<PersonChanges>;
