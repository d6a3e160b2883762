import { createHash } from 'node:crypto';
import { PeopleError } from './errors';
import { PERSON_FIELD_NAMES, type NewPerson } from './personFields';

/** The request header a client names a create with, so that a retry returns the first answer. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** How an invalid or reused key is named in `invalidFields` (REST: `loc: ["header", "idempotency-key"]`). */
export const IDEMPOTENCY_KEY_FIELD = 'Idempotency-Key';

export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/** 1 to 255 visible ASCII characters: no spaces, no control characters, nothing outside ASCII. */
const KEY_PATTERN = new RegExp(`^[\\x21-\\x7e]{1,${IDEMPOTENCY_KEY_MAX_LENGTH}}$`);

/**
 * The key a request carries, or undefined when it carries none. A key the service cannot keep
 * (empty, too long, not visible ASCII, or sent twice) is refused rather than ignored, since the
 * client means to be protected against a double create.
 */
export function readIdempotencyKey(header: string | readonly string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header === 'string' && KEY_PATTERN.test(header)) return header;
  throw PeopleError.invalidInput([
    {
      field: IDEMPOTENCY_KEY_FIELD,
      message: `Must be one value of 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters (no spaces)`,
      type: 'idempotency_key_invalid',
    },
  ]);
}

/**
 * A digest of the validated input, in the registry's field order: what a retry must match to get the
 * first answer. Inputs that mean the same person (`17-05-1990` and `1990-05-17` over REST, an
 * absent and a null middle name) have the same fingerprint. Trailing fields with no value are left
 * out, so that an optional field added at the end of the registry keeps the fingerprints of the
 * keys already stored.
 */
export function fingerprintOf(person: NewPerson): string {
  const canonical = PERSON_FIELD_NAMES.map((name) => person[name] ?? null);
  while (canonical.length > 0 && canonical[canonical.length - 1] === null) canonical.pop();
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url');
}

/** A create whose key was used before for another input: 422, never a second person. */
export function idempotencyKeyReused(): PeopleError {
  return PeopleError.invalidInput([
    {
      field: IDEMPOTENCY_KEY_FIELD,
      message:
        'This key was already used with a different request body; send the same body to retry, or a new key for a new person',
      type: 'idempotency_key_reused',
    },
  ]);
}
