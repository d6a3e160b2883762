import { GraphQLError } from 'graphql';
import { ErrorCode, HTTP_STATUS } from './codes';

/** One invalid field: its name in the caller's dialect, a sentence for people, a stable type. */
export interface FieldError {
  field: string;
  message: string;
  type: string;
}

/**
 * The one error hierarchy. Each class carries its GraphQL code (in `extensions.code`, which
 * Apollo serialises as is) and the HTTP status it maps to.
 */
export abstract class PeopleError extends GraphQLError {
  abstract readonly code: ErrorCode;

  protected constructor(message: string, code: ErrorCode, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.name = new.target.name;
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}

/**
 * A request the server cannot read (a multipart body cut short, misordered or with parts it does
 * not expect). It is answered with HTTP 400 on GraphQL too: there is no operation result to give.
 */
export class MalformedRequestError extends PeopleError {
  readonly code = ErrorCode.BadRequest;

  constructor(message: string) {
    super(message, ErrorCode.BadRequest, { http: { status: HTTP_STATUS[ErrorCode.BadRequest] } });
  }
}

/** A request body that stalled or took longer than its bound; HTTP 408 on GraphQL too. */
export class RequestTimeoutError extends PeopleError {
  readonly code = ErrorCode.RequestTimeout;

  constructor(message: string) {
    super(message, ErrorCode.RequestTimeout, { http: { status: HTTP_STATUS[ErrorCode.RequestTimeout] } });
  }
}

export class InvalidInputError extends PeopleError {
  readonly code = ErrorCode.BadUserInput;

  constructor(
    readonly fields: FieldError[],
    message = `Invalid input: ${fields.map((f) => `${f.field} (${f.message})`).join('; ')}`,
  ) {
    super(message, ErrorCode.BadUserInput, { invalidFields: fields });
  }
}

export class NotFoundError extends PeopleError {
  readonly code = ErrorCode.NotFound;

  constructor(message: string) {
    super(message, ErrorCode.NotFound);
  }

  static person(documentId: string): NotFoundError {
    return new NotFoundError(`No person with document_id ${documentId}`);
  }
}

export class ConflictError extends PeopleError {
  readonly code = ErrorCode.Conflict;

  constructor(message: string) {
    super(message, ErrorCode.Conflict);
  }

  static documentIdTaken(documentId: string): ConflictError {
    return new ConflictError(`A person with document_id ${documentId} already exists`);
  }
}

export class PayloadTooLargeError extends PeopleError {
  readonly code = ErrorCode.PayloadTooLarge;

  constructor(message: string) {
    super(message, ErrorCode.PayloadTooLarge);
  }
}

export class UnsupportedMediaTypeError extends PeopleError {
  readonly code = ErrorCode.UnsupportedMediaType;

  constructor(message: string) {
    super(message, ErrorCode.UnsupportedMediaType);
  }
}

export class ServiceUnavailableError extends PeopleError {
  readonly code = ErrorCode.ServiceUnavailable;

  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
  ) {
    super(message, ErrorCode.ServiceUnavailable, { retryAfter: retryAfterSeconds });
  }
}

export class UnauthenticatedError extends PeopleError {
  readonly code = ErrorCode.Unauthenticated;

  constructor(message: string) {
    super(message, ErrorCode.Unauthenticated);
  }
}

export class ForbiddenError extends PeopleError {
  readonly code = ErrorCode.Forbidden;

  constructor(message: string) {
    super(message, ErrorCode.Forbidden);
  }
}

export class TooManyRequestsError extends PeopleError {
  readonly code = ErrorCode.TooManyRequests;

  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, ErrorCode.TooManyRequests, { retryAfter: retryAfterSeconds });
  }
}
