import { fieldErrors, type FieldError } from '@people/domain';
import { type RestLocation } from '../dialect/restErrors';
import type { z } from 'zod';
import { HttpError } from '../errors';

/** An absent field is `missing` whatever rule it broke, as FastAPI reports it. */
function markMissing(errors: FieldError[], input: unknown): FieldError[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return errors;
  return errors.map((error) =>
    error.field !== 'body' && !error.field.includes('.') && !Object.hasOwn(input, error.field)
      ? { ...error, type: 'missing' }
      : error,
  );
}

/** Parses `input` with one of the shared REST schemas, or throws a 422 naming every invalid field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, location: RestLocation): z.output<S> {
  // With the input on each issue, a wrong type is told apart from a missing field.
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  throw HttpError.invalid(markMissing(fieldErrors(result.error.issues), input), location);
}
