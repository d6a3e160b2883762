import { z } from 'zod';
import { DOCUMENT_ID_PATTERN, PHONE_PATTERN, documentIdRule, emailRule, name, phoneRule } from './fieldRules';
import { DOCUMENT_TYPES, GENDERS, type DocumentType, type Gender } from './person';

/**
 * Every field a client chooses for a person, declared once. The validation schemas of both
 * dialects, the REST mapping, the SQLite columns, the MongoDB document, the log redaction list,
 * the OpenAPI properties and the GraphQL selections all derive from this list; the GraphQL SDL is
 * written by hand and a test holds it to this list. docs/CONTRIBUTING.md says how to add a field.
 */

export const DOCUMENT_TYPE_LABELS: Readonly<Record<DocumentType, string>> = {
  CEDULA: 'Cédula',
  TARJETA_DE_IDENTIDAD: 'Tarjeta de identidad',
};

export const GENDER_LABELS: Readonly<Record<Gender, string>> = {
  MASCULINO: 'Masculino',
  FEMENINO: 'Femenino',
  NO_BINARIO: 'No binario',
  PREFIERO_NO_DECIR: 'Prefiero no decir',
};

interface FieldBase {
  /** The name over REST (snake_case). The name over GraphQL and in the domain is the entry's key. */
  readonly rest: string;
  /** The SQLite column and the MongoDB key. */
  readonly store: string;
  /** Personal data: redacted from every log line under both names. */
  readonly personal: boolean;
  /** Only text may be optional: a choice or a date has no empty value to clear it with. */
  readonly optional: false;
}

/** Free text, checked by `rule` (both dialects) and described in REST answers by `restAnswer`. */
export interface TextField extends Omit<FieldBase, 'optional'> {
  readonly kind: 'text';
  readonly rule: z.ZodString;
  readonly restAnswer: z.ZodString;
  /**
   * Whether a person may have no value (a client leaves it out, or sends null or `""` to clear it),
   * and how none is shown:
   * - `false`: required.
   * - `'empty'`: a field of the older services' contract, which always carries it: null in the
   *   domain and over GraphQL, `""` in REST answers and MongoDB documents.
   * - `'absent'`: a field the older services never had: left out of the domain record, REST answers
   *   and MongoDB documents (null over GraphQL and in SQLite), so that their clients, their reader
   *   and every record without it stay exactly as they were.
   */
  readonly optional: false | 'empty' | 'absent';
}

/** One of `values`: sent by name over GraphQL, by its Spanish label over REST and stored so in MongoDB. */
export interface ChoiceField<T extends string = string> extends FieldBase {
  readonly kind: 'choice';
  readonly values: readonly T[];
  readonly labels: Readonly<Record<T, string>>;
}

/** A calendar date (`yyyy-mm-dd`) not in the future; REST also takes `dd-mm-yyyy`. */
export interface PastDateField extends FieldBase {
  readonly kind: 'pastDate';
}

export type PersonField = TextField | ChoiceField | PastDateField;

/**
 * The order here is the order of REST answers and MongoDB documents, and of the idempotency
 * fingerprint: add a field at the end.
 */
export const PERSON_FIELDS = {
  documentType: {
    kind: 'choice',
    rest: 'document_type',
    store: 'document_type',
    values: DOCUMENT_TYPES,
    labels: DOCUMENT_TYPE_LABELS,
    personal: false,
    optional: false,
  },
  documentId: {
    kind: 'text',
    rest: 'document_id',
    store: 'document_id',
    rule: documentIdRule,
    restAnswer: z.string().regex(DOCUMENT_ID_PATTERN),
    personal: true,
    optional: false,
  },
  firstName: {
    kind: 'text',
    rest: 'first_name',
    store: 'first_name',
    rule: name(30, true),
    restAnswer: z.string().min(1).max(30),
    personal: true,
    optional: false,
  },
  middleName: {
    kind: 'text',
    rest: 'middle_name',
    store: 'middle_name',
    rule: name(30, false),
    restAnswer: z.string().max(30),
    personal: true,
    optional: 'empty',
  },
  lastName: {
    kind: 'text',
    rest: 'last_name',
    store: 'last_name',
    rule: name(60, true),
    restAnswer: z.string().min(1).max(60),
    personal: true,
    optional: false,
  },
  birthDate: { kind: 'pastDate', rest: 'birth_date', store: 'birth_date', personal: true, optional: false },
  gender: {
    kind: 'choice',
    rest: 'gender',
    store: 'gender',
    values: GENDERS,
    labels: GENDER_LABELS,
    personal: false,
    optional: false,
  },
  email: {
    kind: 'text',
    rest: 'email',
    store: 'email',
    rule: emailRule,
    restAnswer: z.string().max(254),
    personal: true,
    optional: false,
  },
  phone: {
    kind: 'text',
    rest: 'phone',
    store: 'phone',
    rule: phoneRule,
    restAnswer: z.string().regex(PHONE_PATTERN),
    personal: true,
    optional: false,
  },
} as const satisfies Record<string, PersonField>;

type Fields = typeof PERSON_FIELDS;
export type PersonFieldName = keyof Fields;

/** The field that names a person: unique, and never changed by an update. */
export const PERSON_KEY = 'documentId' satisfies PersonFieldName;

/** The fields in declaration order. */
export const PERSON_FIELD_NAMES = Object.keys(PERSON_FIELDS) as PersonFieldName[];

/** The fields with the key first: the order of GraphQL selections and SQLite columns. */
export const PERSON_FIELD_NAMES_KEY_FIRST: readonly PersonFieldName[] = [
  PERSON_KEY,
  ...PERSON_FIELD_NAMES.filter((field) => field !== PERSON_KEY),
];

/** Every field but the key: what an update may change. */
export const CHANGEABLE_FIELD_NAMES = PERSON_FIELD_NAMES.filter((field) => field !== PERSON_KEY);

/** Whether a representation leaves `value` out: none, for a field the older services never had. */
export function leftOut(field: PersonField, value: unknown): boolean {
  return field.optional === 'absent' && (value === null || value === undefined);
}

/** Every field as a PersonField, for code that handles each kind in turn. */
export function personFields(): [PersonFieldName, PersonField][] {
  return PERSON_FIELD_NAMES.map((field) => [field, PERSON_FIELDS[field]]);
}

/**
 * What the server sets: in every answer, never in a client's input. `photoUrl` is `photo_url`
 * and `photo_key` in the store; the timestamps are `created_at` and `updated_at`.
 */
export const SERVER_SET_FIELDS = {
  photoUrl: { rest: 'photo_url', kind: 'url', optional: true },
  createdAt: { rest: 'created_at', kind: 'instant', optional: false },
  updatedAt: { rest: 'updated_at', kind: 'instant', optional: false },
} as const;

/** A field's value in the domain: a choice's values, otherwise a string (a date is `yyyy-mm-dd`). */
type FieldValue<F> = F extends { readonly kind: 'choice'; readonly values: readonly (infer T)[] } ? T : string;

type RequiredName = { [K in PersonFieldName]: Fields[K]['optional'] extends false ? K : never }[PersonFieldName];
type LeftOutName = { [K in PersonFieldName]: Fields[K]['optional'] extends 'absent' ? K : never }[PersonFieldName];
type Flat<T> = { [K in keyof T]: T[K] };

/** The fields a client chooses when it creates a person; an optional one may be absent or null. */
export type NewPerson = Flat<
  { [K in RequiredName]: FieldValue<Fields[K]> } & {
    [K in Exclude<PersonFieldName, RequiredName>]?: FieldValue<Fields[K]> | null;
  }
>;

/**
 * Keyed by `Name<K>`, the fields as one representation shows them: `Value` for each field that is
 * there, and optional keys for fields left out when none.
 */
export type FieldsAs<
  Name extends Record<PersonFieldName, string>,
  Value extends Record<PersonFieldName, unknown>,
> = Flat<
  { [K in Exclude<PersonFieldName, LeftOutName> as Name[K]]: Value[K] } & { [K in LeftOutName as Name[K]]?: Value[K] }
>;

/** A partial update: only the fields present change (null clears an optional one); the key never changes. */
export type PersonChanges = Partial<Omit<NewPerson, typeof PERSON_KEY>>;

/** Each field's name over REST. */
export type RestNames = { [K in PersonFieldName]: Fields[K]['rest'] };
/** Each field's SQLite column and MongoDB key. */
export type StoreKeys = { [K in PersonFieldName]: Fields[K]['store'] };
/** Each field's value in SQLite: its domain value, or NULL for an optional field with none. */
export type ColumnValues = {
  [K in PersonFieldName]: Fields[K]['optional'] extends false ? FieldValue<Fields[K]> : FieldValue<Fields[K]> | null;
};
