import { z } from 'zod';
import {
  CHANGEABLE_FIELD_NAMES,
  PERSON_FIELDS,
  PERSON_FIELD_NAMES,
  PERSON_KEY,
  SERVER_SET_FIELDS,
  personFieldRule,
  personFields,
  type NewPerson,
  type PersonChanges,
  type PersonFieldName,
} from '@people/domain';

/** The REST request bodies of a person, from the field registry: snake_case names, Spanish labels, two date formats. */

/** Domain field name → REST field name, server-set fields included. */
export const REST_FIELD_NAMES = Object.fromEntries(
  [...personFields(), ...Object.entries(SERVER_SET_FIELDS)].map(([name, field]) => [name, field.rest]),
) as Readonly<Record<PersonFieldName | keyof typeof SERVER_SET_FIELDS, string>>;

function restShape(optionalAll: boolean): Record<string, z.ZodType> {
  return Object.fromEntries(
    personFields().map(([, field]) => {
      const rule = personFieldRule(field, 'rest');
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
