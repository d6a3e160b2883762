import { z } from 'zod';
import { parseFlexibleDate, parseIsoDate, todayUtc } from './calendarDate';
import { DOCUMENT_TYPES, GENDERS, type DocumentType, type Gender } from './person';
import { validate } from './validate';

/**
 * The rules a person's fields must meet, written once. They are assembled into two dialects: the REST one
 * (snake_case keys, Spanish labels, two date formats) and the GraphQL one (camelCase, enum names,
 * ISO dates). Both produce the same domain values.
 */

export const DOCUMENT_TYPE_LABELS: Record<DocumentType, string> = {
  CEDULA: 'Cédula',
  TARJETA_DE_IDENTIDAD: 'Tarjeta de identidad',
};

export const GENDER_LABELS: Record<Gender, string> = {
  MASCULINO: 'Masculino',
  FEMENINO: 'Femenino',
  NO_BINARIO: 'No binario',
  PREFIERO_NO_DECIR: 'Prefiero no decir',
};

export const PLACEHOLDER_PHOTO_URL = 'https://example.com/photo.jpg';

/** Digits of any script (full-width `１２３` and Arabic-Indic `٣٤٥` too), not only ASCII ones. */
const ONLY_DIGITS = /^\p{Nd}+$/u;
/**
 * Control (Cc: NUL, tabs, newlines) and format (Cf: bidi overrides, zero-width characters)
 * characters, and lone surrogates (Cs): invisible or reordering text has no place in a record.
 */
const HIDDEN_CHARACTER = /[\p{Cc}\p{Cf}\p{Cs}]/u;
export const DOCUMENT_ID_PATTERN = /^[0-9]{1,10}$/;
export const PHONE_PATTERN = /^[0-9]{10}$/;
const EMAIL_PATTERN =
  /^[^\s@"(),:;<>[\\\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,63}$/;

function typeError(expected: string) {
  return (issue: { input?: unknown }): string => (issue.input === undefined ? 'Field required' : `Must be ${expected}`);
}

const text = () => z.string({ error: typeError('a string') });

/** Text a person typed: no hidden characters, and in one Unicode form (NFC) whatever the keyboard sent. */
const visibleText = () =>
  text()
    .refine((value) => !HIDDEN_CHARACTER.test(value), {
      error: 'Must not contain control characters or invisible formatting characters',
      params: { type: 'string_hidden_characters' },
      abort: true,
    })
    .normalize('NFC');

function name(maxLength: number, required: boolean) {
  const min = required ? 1 : 0;
  return visibleText()
    .trim()
    .min(min, { error: 'Must not be empty' })
    .max(maxLength, { error: `Must be at most ${maxLength} characters` })
    .refine((value) => value === '' || !ONLY_DIGITS.test(value), {
      error: 'Must not be only digits',
    });
}

export const documentIdRule = text().regex(DOCUMENT_ID_PATTERN, {
  error: 'Must be 1 to 10 digits (0-9)',
});

/** A `documentId` argument (or entity key), checked and reported under that name. */
export function validDocumentId(value: unknown): string {
  return validate(documentIdRule, value, 'documentId');
}

const rules = {
  documentId: documentIdRule,
  firstName: name(30, true),
  middleName: name(30, false)
    .nullable()
    .transform((value) => (value === '' || value === null ? null : value)),
  lastName: name(60, true),
  email: visibleText()
    .trim()
    .max(254, { error: 'Must be at most 254 characters' })
    .regex(EMAIL_PATTERN, { error: 'Must be a valid email address, like name@example.com' }),
  phone: text().regex(PHONE_PATTERN, { error: 'Must be exactly 10 digits (0-9)' }),
};

function birthDate(parse: (value: string) => string | null, formats: string) {
  return text()
    .transform((value, ctx) => {
      const date = parse(value);
      if (date === null) {
        ctx.issues.push({
          code: 'custom',
          input: value,
          message: `Must be a real calendar date in the form ${formats}`,
          params: { type: 'date_parsing' },
        });
        return z.NEVER;
      }
      if (date > todayUtc()) {
        ctx.issues.push({
          code: 'custom',
          input: value,
          message: 'Must not be in the future',
          params: { type: 'date_future' },
        });
        return z.NEVER;
      }
      return date;
    })
    .meta({ format: 'date' });
}

function labelled<T extends string>(labels: Record<T, string>, values: readonly T[]) {
  const byLabel = new Map<string, T>(values.map((value) => [labels[value], value]));
  const allowed = values.map((value) => labels[value]);
  return z
    .enum(allowed as [string, ...string[]], {
      error: (issue) =>
        issue.input === undefined
          ? 'Field required'
          : `Must be one of: ${allowed.map((label) => `'${label}'`).join(', ')}`,
    })
    .transform((label) => byLabel.get(label) as T);
}

function named<T extends string>(values: readonly T[]) {
  return z.enum(values as unknown as [T, ...T[]], {
    error: (issue) => (issue.input === undefined ? 'Field required' : `Must be one of: ${values.join(', ')}`),
  });
}

/** Domain field name → REST field name. */
export const REST_FIELD_NAMES = {
  documentType: 'document_type',
  documentId: 'document_id',
  firstName: 'first_name',
  middleName: 'middle_name',
  lastName: 'last_name',
  birthDate: 'birth_date',
  gender: 'gender',
  email: 'email',
  phone: 'phone',
  photoUrl: 'photo_url',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const;

const restEnums = {
  documentType: labelled(DOCUMENT_TYPE_LABELS, DOCUMENT_TYPES),
  gender: labelled(GENDER_LABELS, GENDERS),
  birthDate: birthDate(parseFlexibleDate, 'yyyy-mm-dd or dd-mm-yyyy'),
};

const graphqlEnums = {
  documentType: named(DOCUMENT_TYPES),
  gender: named(GENDERS),
  birthDate: birthDate(parseIsoDate, 'yyyy-mm-dd'),
};

const restShape = {
  document_type: restEnums.documentType,
  document_id: rules.documentId,
  first_name: rules.firstName,
  middle_name: rules.middleName.optional(),
  last_name: rules.lastName,
  birth_date: restEnums.birthDate,
  gender: restEnums.gender,
  email: rules.email,
  phone: rules.phone,
};

/** Fields the server sets; a REST client may send them back unchanged, and they are ignored. */
const serverSetRestFields = {
  photo_url: z.unknown().optional().meta({ readOnly: true }),
  created_at: z.unknown().optional().meta({ readOnly: true }),
  updated_at: z.unknown().optional().meta({ readOnly: true }),
};

export const restCreatePersonSchema = z
  .strictObject({ ...restShape, ...serverSetRestFields })
  .transform((fields) => ({
    documentType: fields.document_type,
    documentId: fields.document_id,
    firstName: fields.first_name,
    middleName: fields.middle_name ?? null,
    lastName: fields.last_name,
    birthDate: fields.birth_date,
    gender: fields.gender,
    email: fields.email,
    phone: fields.phone,
  }))
  .meta({ id: 'PersonCreate' });

export const restUpdatePersonSchema = z
  .strictObject({
    ...restShape,
    document_type: restShape.document_type.optional(),
    document_id: restShape.document_id.optional(),
    first_name: restShape.first_name.optional(),
    last_name: restShape.last_name.optional(),
    birth_date: restShape.birth_date.optional(),
    gender: restShape.gender.optional(),
    email: restShape.email.optional(),
    phone: restShape.phone.optional(),
    ...serverSetRestFields,
  })
  .transform((fields) => ({
    documentId: fields.document_id,
    changes: {
      documentType: fields.document_type,
      firstName: fields.first_name,
      middleName: fields.middle_name,
      lastName: fields.last_name,
      birthDate: fields.birth_date,
      gender: fields.gender,
      email: fields.email,
      phone: fields.phone,
    },
  }))
  .meta({ id: 'PersonUpdate' });

const graphqlShape = {
  documentType: graphqlEnums.documentType,
  documentId: rules.documentId,
  firstName: rules.firstName,
  middleName: rules.middleName.optional().transform((value) => value ?? null),
  lastName: rules.lastName,
  birthDate: graphqlEnums.birthDate,
  gender: graphqlEnums.gender,
  email: rules.email,
  phone: rules.phone,
};

export const createPersonInputSchema = z.strictObject(graphqlShape);

export const updatePersonInputSchema = z.strictObject({
  documentType: graphqlShape.documentType.optional(),
  firstName: graphqlShape.firstName.optional(),
  middleName: rules.middleName.optional(),
  lastName: graphqlShape.lastName.optional(),
  birthDate: graphqlShape.birthDate.optional(),
  gender: graphqlShape.gender.optional(),
  email: graphqlShape.email.optional(),
  phone: graphqlShape.phone.optional(),
});
