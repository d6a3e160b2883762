import { PeopleError } from './peopleError';

/** The PeopleError behind an error that Apollo or a driver may have wrapped, if there is one. */
export function unwrapPeopleError(error: unknown): PeopleError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (current instanceof PeopleError) return current;
    current = (current as { originalError?: unknown }).originalError ?? current.cause;
  }
  return undefined;
}
