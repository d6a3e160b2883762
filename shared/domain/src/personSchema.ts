import { z } from 'zod';
import { parseFlexibleDate, parseIsoDate } from './calendarDate';
import { documentIdRule, labelled, named, pastDate } from './fieldRules';
import {
  CHANGEABLE_FIELD_NAMES,
  PERSON_FIELDS,
  PERSON_FIELD_NAMES,
  type NewPerson,
  type PersonChanges,
  type PersonField,
  type PersonFieldName,
} from './personFields';
import { validate } from './validate';

/**
 * The registry's rules in two dialects: the REST one (Spanish labels, two date formats), assembled
 * into request schemas by the bridge, and the GraphQL one (enum names, ISO dates), assembled here
 * into the subgraphs' input schemas. Both produce the same domain values.
 */

export const PLACEHOLDER_PHOTO_URL = 'https://example.com/photo.jpg';

/** A `documentId` argument (or entity key), checked and reported under that name. */
export function validDocumentId(value: unknown): string {
  return validate(documentIdRule, value, 'documentId');
}

/** The two ways a person is written: over REST (the older services' names and labels) or over GraphQL. */
export type Dialect = 'rest' | 'graphql';

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
export function personFieldRule(field: PersonField, dialect: Dialect): z.ZodType<string | null> {
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

/** The GraphQL create input: a field of the older contract left out is null, as they had it. */
const graphqlCreateShape = shapeOf(PERSON_FIELD_NAMES, (field) => {
  const rule = personFieldRule(field, 'graphql');
  if (field.optional === 'empty') return rule.optional().transform((value) => value ?? null);
  return field.optional ? rule.optional() : rule;
});

/*
 * zod cannot infer a type from a shape built at run time; the one it is given is the one the
 * registry derives for the same fields.
 */
export const createPersonInputSchema = z.strictObject(graphqlCreateShape) as unknown as z.ZodType<NewPerson>;

export const updatePersonInputSchema = z.strictObject(
  shapeOf(CHANGEABLE_FIELD_NAMES, (field) => personFieldRule(field, 'graphql').optional()),
) as unknown as z.ZodType<PersonChanges>;
