import {
  MongoError,
  MongoNetworkError,
  MongoOperationTimeoutError,
  MongoServerError,
  MongoServerSelectionError,
  MongoSystemError,
} from 'mongodb';
import { isDuplicateKeyError } from '@people/platform';
import { PeopleError, ErrorCode } from '@people/domain';

/** What a client is told when the store cannot be reached; the driver's text stays in `cause`. */
export const STORE_UNAVAILABLE_MESSAGE = 'The people store is not reachable right now; try again shortly';

/**
 * Server codes that mean "not now" rather than "never": the server is shutting down, stepping
 * down, unreachable or out of time. The driver's retryable-read set, plus the time limits.
 */
const UNAVAILABLE_SERVER_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  50, // MaxTimeMSExpired
  64, // WriteConcernFailed (wtimeout: not yet on a majority)
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
  134, // ReadConcernMajorityNotAvailableYet
]);

/** Driver errors that only say the client cannot talk to a server (closed, pool cleared, queue full). */
const UNAVAILABLE_DRIVER_ERRORS = new Set([
  'MongoTopologyClosedError',
  'MongoClientClosedError',
  'MongoNotConnectedError',
  'MongoServerClosedError',
  'MongoPoolClosedError',
  'MongoWaitQueueTimeoutError',
]);

/**
 * Node socket errors. The driver (6.22) usually wraps them in MongoNetworkError, but a write on a
 * pooled socket the server has just closed can reject with Node's bare EPIPE error.
 */
const SOCKET_ERROR_CODES = new Set([
  'EPIPE',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Judged by `code`, not `instanceof Error`: Node's own errors come from another realm under Jest. */
function isSocketError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || error instanceof MongoError) return false;
  const { code } = error as { code?: unknown };
  return typeof code === 'string' && SOCKET_ERROR_CODES.has(code);
}

export function isUnavailableError(error: unknown): boolean {
  if (error instanceof MongoNetworkError || isSocketError(error)) return true;
  if (error instanceof MongoServerSelectionError || error instanceof MongoSystemError) return true;
  if (error instanceof MongoOperationTimeoutError) return true;
  if (error instanceof MongoError && UNAVAILABLE_DRIVER_ERRORS.has(error.name)) return true;
  // Write concern errors are MongoServerErrors carrying the write concern's code.
  return (
    error instanceof MongoServerError && typeof error.code === 'number' && UNAVAILABLE_SERVER_CODES.has(error.code)
  );
}

export function storeUnavailable(cause: unknown): PeopleError {
  const error = new PeopleError(ErrorCode.ServiceUnavailable, STORE_UNAVAILABLE_MESSAGE);
  error.cause = cause;
  return error;
}

/**
 * Turns a driver error into the shared error a caller should see. Errors that are already
 * PeopleErrors pass through; anything unexpected is rethrown as is, to be logged and masked as an
 * internal error by the servers.
 */
export function translateMongoError(error: unknown, documentId?: string): unknown {
  if (error instanceof PeopleError) return error;
  if (documentId !== undefined && isDuplicateKeyError(error)) return PeopleError.documentIdTaken(documentId);
  if (isUnavailableError(error)) return storeUnavailable(error);
  return error;
}
