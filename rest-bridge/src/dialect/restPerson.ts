import { z } from 'zod';
import {
  PERSON_FIELD_NAMES_KEY_FIRST,
  PLACEHOLDER_PHOTO_URL,
  SERVER_SET_FIELDS,
  personFields,
  type NewPerson,
  type PersonChanges,
  type PersonField,
  leftOut,
  type FieldsAs,
  type PersonFieldName,
  type RestNames,
} from '@people/domain';

/** A person as the graph returns it (every field of `Person`, JSON-serialised). */
export type GraphQLPerson = NewPerson & {
  photoUrl: string | null;
  createdAt: string;
  updatedAt: string;
};

/** The selection set that yields a GraphQLPerson; operations spread it so the two cannot drift. */
export const GRAPHQL_PERSON_FIELDS = [...PERSON_FIELD_NAMES_KEY_FIRST, ...Object.keys(SERVER_SET_FIELDS)].join(' ');

function kindAnswer(field: PersonField): z.ZodType {
  switch (field.kind) {
    case 'text':
      return field.restAnswer;
    case 'choice':
      return z.enum(Object.values(field.labels) as [string, ...string[]]);
    case 'pastDate':
      return z.iso.date();
  }
}

function restAnswer(field: PersonField): z.ZodType {
  const answer = kindAnswer(field);
  if (field.optional === 'empty') return answer.meta({ description: '"" when the person has none' });
  if (field.optional === 'absent') return answer.optional().meta({ description: 'Left out when the person has none' });
  return answer;
}

/** A person as the REST contract returns it, keys in the order the old services used. */
export const restPersonSchema = z
  .object({
    ...Object.fromEntries(personFields().map(([, field]) => [field.rest, restAnswer(field)])),
    [SERVER_SET_FIELDS.photoUrl.rest]: z.url().meta({ description: 'A placeholder URL when the person has no photo' }),
    [SERVER_SET_FIELDS.createdAt.rest]: z.iso.datetime(),
    [SERVER_SET_FIELDS.updatedAt.rest]: z.iso.datetime(),
  })
  .meta({ id: 'Person' });

/** Every REST value is text: labels for choices, `yyyy-mm-dd` dates, `""` for an older field with none. */
type RestFields = FieldsAs<RestNames, Record<PersonFieldName, string>>;

export type RestPerson = RestFields & {
  [K in keyof typeof SERVER_SET_FIELDS as (typeof SERVER_SET_FIELDS)[K]['rest']]: string;
};

function toRestValue(field: PersonField, value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return field.kind === 'choice' ? (field.labels[value] ?? value) : value;
}

/** Built once: every answer the bridge sends goes through toRestPerson. */
const PERSON_FIELD_LIST = personFields();

export function toRestPerson(person: GraphQLPerson, placeholderPhotoUrl: string = PLACEHOLDER_PHOTO_URL): RestPerson {
  const rest: Record<string, string> = {};
  for (const [name, field] of PERSON_FIELD_LIST) {
    if (!leftOut(field, person[name])) rest[field.rest] = toRestValue(field, person[name]);
  }
  rest.photo_url = person.photoUrl ?? placeholderPhotoUrl;
  rest.created_at = person.createdAt;
  rest.updated_at = person.updatedAt;
  return rest as RestPerson;
}

export type UpdatePersonInput = { [K in keyof PersonChanges]?: PersonChanges[K] | null };

/** `UpdatePersonInput` of the graph: only the fields the client sent (a cleared middle name is null). */
export function toUpdatePersonInput(changes: {
  [K in keyof PersonChanges]?: PersonChanges[K] | null;
}): UpdatePersonInput {
  const input: Record<string, unknown> = {};
  // A key may be present with the value undefined: it was not sent.
  for (const [key, value] of Object.entries(changes) as [string, unknown][]) {
    if (value !== undefined) input[key] = value;
  }
  return input;
}
