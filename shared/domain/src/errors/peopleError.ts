import { ERRORS, ErrorCode } from './codes';

/** One invalid field: its name in the caller's dialect, a sentence for people, a stable type. */
export interface FieldError {
  field: string;
  message: string;
  type: string;
}

export interface PeopleErrorOptions {
  /** The invalid fields, for `BAD_USER_INPUT`. */
  fields?: readonly FieldError[];
  /** When a client may try again; the table's default for the code otherwise. */
  retryAfterSeconds?: number;
}

/**
 * The one error type of the services: a code from the table in `codes.ts`, a message for people,
 * and for some codes the invalid fields or when to retry. It knows no transport: the subgraph kit
 * turns it into a GraphQL error, the bridge and the gateway into an HTTP answer.
 */
export class PeopleError extends Error {
  override readonly name = 'PeopleError';
  readonly fields: readonly FieldError[];
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string = ERRORS[code].message,
    options: PeopleErrorOptions = {},
  ) {
    super(message);
    this.fields = options.fields ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds ?? ERRORS[code].retryAfterSeconds;
  }

  get httpStatus(): number {
    return ERRORS[this.code].status;
  }

  static invalidInput(
    fields: readonly FieldError[],
    message = `Invalid input: ${fields.map((f) => `${f.field} (${f.message})`).join('; ')}`,
  ): PeopleError {
    return new PeopleError(ErrorCode.BadUserInput, message, { fields });
  }

  static personNotFound(documentId: string): PeopleError {
    return new PeopleError(ErrorCode.NotFound, `No person with document_id ${documentId}`);
  }

  static documentIdTaken(documentId: string): PeopleError {
    return new PeopleError(ErrorCode.Conflict, `A person with document_id ${documentId} already exists`);
  }
}
