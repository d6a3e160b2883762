import { ERRORS, ErrorCode, HTTP_STATUS, PeopleError, isErrorCode, type FieldError } from '@people/domain';
import { type RestCompat } from './dialect/restCompat';
import {
  jsonInvalidDetail,
  restStatus,
  toRestValidationDetail,
  type RestLocation,
  type RestValidationDetail,
} from './dialect/restErrors';

/** The seconds a client is told to wait when something behind the bridge is down. */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

/**
 * An answer the bridge gives instead of a result: a status, FastAPI's `detail`, maybe headers.
 * One made from an error code keeps it, so that the compatibility mode picks the status.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string | RestValidationDetail[],
    readonly headers: Record<string, string> = {},
    readonly code?: ErrorCode,
  ) {
    super(typeof detail === 'string' ? detail : 'Invalid input');
    this.name = 'HttpError';
  }

  static of(code: ErrorCode, detail: string): HttpError {
    return new HttpError(HTTP_STATUS[code], detail, {}, code);
  }

  /** The status in `compat`: the older services answered 400 where the strict mode answers 409, 413 and 415. */
  statusIn(compat: RestCompat): number {
    return this.code === undefined ? this.status : restStatus(this.code, compat);
  }

  static invalid(fields: readonly FieldError[], location: RestLocation, fromGraph = false): HttpError {
    return new HttpError(HTTP_STATUS[ErrorCode.BadUserInput], toRestValidationDetail(fields, location, fromGraph));
  }

  /** FastAPI's 422 for a body that is not JSON (legacy mode). */
  static jsonInvalid(pos: number, error: string): HttpError {
    return new HttpError(HTTP_STATUS[ErrorCode.BadUserInput], [jsonInvalidDetail(pos, error)]);
  }

  /** FastAPI's 422 for a body sent as another content type: it is not an object (legacy mode). */
  static notAnObject(): HttpError {
    return new HttpError(HTTP_STATUS[ErrorCode.BadUserInput], [
      {
        type: 'model_attributes_type',
        loc: ['body'],
        msg: 'Input should be a valid dictionary or object to extract fields from',
      },
    ]);
  }

  static notFound(detail: string): HttpError {
    return new HttpError(HTTP_STATUS[ErrorCode.NotFound], detail);
  }

  static unavailable(detail: string, retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS): HttpError {
    return new HttpError(HTTP_STATUS[ErrorCode.ServiceUnavailable], detail, {
      'Retry-After': String(retryAfterSeconds),
    });
  }

  static internal(): HttpError {
    return new HttpError(HTTP_STATUS[ErrorCode.Internal], ERRORS[ErrorCode.Internal].message);
  }

  /** RFC 6750's challenge: bare when no token came, `invalid_token` when one did. */
  static unauthenticated(detail: string, hadCredentials: boolean): HttpError {
    return new HttpError(HTTP_STATUS[ErrorCode.Unauthenticated], detail, {
      'WWW-Authenticate': hadCredentials ? 'Bearer error="invalid_token"' : 'Bearer',
    });
  }

  static tooManyRequests(retryAfterSeconds: number): HttpError {
    return new HttpError(
      HTTP_STATUS[ErrorCode.TooManyRequests],
      `Too many requests; try again in ${retryAfterSeconds} seconds`,
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
}

/** One error of a GraphQL response, as far as the bridge reads it. */
export interface GraphQLErrorBody {
  message?: unknown;
  extensions?: { code?: unknown; invalidFields?: unknown; retryAfter?: unknown };
}

function isFieldErrorList(value: unknown): value is FieldError[] {
  return (
    Array.isArray(value) &&
    value.every(
      (item) =>
        typeof item === 'object' &&
        item !== null &&
        typeof (item as FieldError).field === 'string' &&
        typeof (item as FieldError).message === 'string',
    )
  );
}

/** An error of a GraphQL answer as the PeopleError it stands for; codes the project does not define stay unknown. */
function peopleErrorFromGraph(error: GraphQLErrorBody): PeopleError | undefined {
  const code = error.extensions?.code;
  if (!isErrorCode(code)) return undefined;
  const message = typeof error.message === 'string' ? error.message : code;
  const invalid = error.extensions?.invalidFields;
  const fields = isFieldErrorList(invalid)
    ? invalid.map((field) => ({ ...field, type: typeof field.type === 'string' ? field.type : 'value_error' }))
    : [];
  const retryAfter = error.extensions?.retryAfter;
  return new PeopleError(code, message, {
    fields,
    ...(typeof retryAfter === 'number' && retryAfter > 0 ? { retryAfterSeconds: Math.ceil(retryAfter) } : {}),
  });
}

/** An error the graph answered with, as an HTTP answer. */
export function httpErrorFromGraph(error: GraphQLErrorBody, location: RestLocation): HttpError {
  const people = peopleErrorFromGraph(error);
  return people ? httpErrorFromPeople(people, location) : HttpError.internal();
}

/**
 * The one place where the project's errors become HTTP answers, through the status the error
 * table gives each code. An internal error says nothing more than that.
 */
export function httpErrorFromPeople(error: PeopleError, location: RestLocation): HttpError {
  switch (error.code) {
    case ErrorCode.Internal:
      return HttpError.internal();
    case ErrorCode.BadUserInput: {
      const fields =
        error.fields.length > 0 ? [...error.fields] : [{ field: 'body', message: error.message, type: 'value_error' }];
      return HttpError.invalid(fields, location, true);
    }
    case ErrorCode.ServiceUnavailable:
      return HttpError.unavailable(error.message, error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS);
    case ErrorCode.TooManyRequests:
      return HttpError.tooManyRequests(error.retryAfterSeconds ?? 60);
    case ErrorCode.Unauthenticated:
      return HttpError.unauthenticated(error.message, true);
    default:
      return HttpError.of(error.code, error.message);
  }
}
