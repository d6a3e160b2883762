import { fieldErrors, type RestLocation } from '@people/shared';
import type { z } from 'zod';
import { HttpError } from '../errors';

/** Parses `input` with one of the shared REST schemas, or throws a 422 naming every invalid field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, location: RestLocation): z.output<S> {
  // With the input on each issue, a wrong type is told apart from a missing field.
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  throw HttpError.invalid(fieldErrors(result.error.issues), location);
}
