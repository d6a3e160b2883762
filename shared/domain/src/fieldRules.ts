import { z } from 'zod';
import { todayUtc } from './calendarDate';

/**
 * The building blocks of a person's validation rules. The registry (`personFields.ts`) picks one
 * per field; `personSchema.ts` assembles them into the REST and GraphQL dialects.
 */

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

/** A name: trimmed, at most `maxLength` characters, not only digits; `required` ones not empty. */
export function name(maxLength: number, required: boolean) {
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

export const emailRule = visibleText()
  .trim()
  .max(254, { error: 'Must be at most 254 characters' })
  .regex(EMAIL_PATTERN, { error: 'Must be a valid email address, like name@example.com' });

export const phoneRule = text().regex(PHONE_PATTERN, { error: 'Must be exactly 10 digits (0-9)' });

/** A calendar date read with `parse` (null when unreadable), refused when it is after today (UTC). */
export function pastDate(parse: (value: string) => string | null, formats: string) {
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

/** One of `values`, sent as its label. */
export function labelled<T extends string>(labels: Readonly<Record<T, string>>, values: readonly T[]) {
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

/** One of `values`, sent by name. */
export function named<T extends string>(values: readonly T[]) {
  return z.enum(values as unknown as [T, ...T[]], {
    error: (issue) => (issue.input === undefined ? 'Field required' : `Must be one of: ${values.join(', ')}`),
  });
}
