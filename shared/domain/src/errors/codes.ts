/** Every error code the services speak (GraphQL `extensions.code`; the REST bridge maps them to statuses). */
export enum ErrorCode {
  BadRequest = 'BAD_REQUEST',
  BadUserInput = 'BAD_USER_INPUT',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  RequestTimeout = 'REQUEST_TIMEOUT',
  Internal = 'INTERNAL_SERVER_ERROR',
}

interface ErrorKind {
  /** The HTTP status an answer carrying this error has. */
  status: number;
  /** What the error says when its raiser has nothing more specific. */
  message: string;
  /** When a client may try again, for the kinds that are passing. */
  retryAfterSeconds?: number;
}

/** The one table of errors: each code, its HTTP status and its default message. */
export const ERRORS: Readonly<Record<ErrorCode, ErrorKind>> = {
  [ErrorCode.BadRequest]: { status: 400, message: 'The request could not be read' },
  [ErrorCode.BadUserInput]: { status: 422, message: 'Invalid input' },
  [ErrorCode.NotFound]: { status: 404, message: 'Not found' },
  [ErrorCode.Conflict]: { status: 409, message: 'The request conflicts with what is stored' },
  [ErrorCode.PayloadTooLarge]: { status: 413, message: 'The request body is larger than this server accepts' },
  [ErrorCode.UnsupportedMediaType]: {
    status: 415,
    message: 'The request body is of a type this server does not accept',
  },
  [ErrorCode.ServiceUnavailable]: {
    status: 503,
    message: 'The service is unavailable right now; try again shortly',
    retryAfterSeconds: 5,
  },
  [ErrorCode.Unauthenticated]: { status: 401, message: 'Authentication required' },
  [ErrorCode.Forbidden]: { status: 403, message: 'Not allowed' },
  [ErrorCode.TooManyRequests]: { status: 429, message: 'Too many requests', retryAfterSeconds: 60 },
  [ErrorCode.RequestTimeout]: { status: 408, message: 'The request took too long to arrive' },
  [ErrorCode.Internal]: { status: 500, message: 'Internal server error' },
};

/** The HTTP status of each code, as the table gives it. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = Object.fromEntries(
  Object.entries(ERRORS).map(([code, kind]) => [code, kind.status]),
) as Record<ErrorCode, number>;

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && KNOWN_CODES.has(value);
}
