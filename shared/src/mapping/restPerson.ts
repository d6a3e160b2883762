import { z } from 'zod';
import {
  DOCUMENT_ID_PATTERN,
  DOCUMENT_TYPE_LABELS,
  GENDER_LABELS,
  PHONE_PATTERN,
  PLACEHOLDER_PHOTO_URL,
  type NewPerson,
  type PersonChanges,
} from '../domain';

/** A person as the graph returns it (every field of `Person`, JSON-serialised). */
export type GraphQLPerson = NewPerson & {
  photoUrl: string | null;
  createdAt: string;
  updatedAt: string;
};

/** The selection set that yields a GraphQLPerson; operations spread it so the two cannot drift. */
export const GRAPHQL_PERSON_FIELDS =
  'documentId documentType firstName middleName lastName birthDate gender email phone photoUrl createdAt updatedAt';

/** A person as the REST contract returns it, keys in the order the old services used. */
export const restPersonSchema = z
  .object({
    document_type: z.enum(Object.values(DOCUMENT_TYPE_LABELS) as [string, ...string[]]),
    document_id: z.string().regex(DOCUMENT_ID_PATTERN),
    first_name: z.string().min(1).max(30),
    middle_name: z.string().max(30).meta({ description: '"" when the person has none' }),
    last_name: z.string().min(1).max(60),
    birth_date: z.iso.date(),
    gender: z.enum(Object.values(GENDER_LABELS) as [string, ...string[]]),
    email: z.string().max(254),
    phone: z.string().regex(PHONE_PATTERN),
    photo_url: z.url().meta({ description: 'A placeholder URL when the person has no photo' }),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'Person' });

export type RestPerson = z.output<typeof restPersonSchema>;

export function toRestPerson(person: GraphQLPerson, placeholderPhotoUrl: string = PLACEHOLDER_PHOTO_URL): RestPerson {
  return {
    document_type: DOCUMENT_TYPE_LABELS[person.documentType],
    document_id: person.documentId,
    first_name: person.firstName,
    middle_name: person.middleName ?? '',
    last_name: person.lastName,
    birth_date: person.birthDate,
    gender: GENDER_LABELS[person.gender],
    email: person.email,
    phone: person.phone,
    photo_url: person.photoUrl ?? placeholderPhotoUrl,
    created_at: person.createdAt,
    updated_at: person.updatedAt,
  };
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
