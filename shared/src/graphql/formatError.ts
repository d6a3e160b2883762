import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, unwrapPeopleError } from '../errors';
import type { Logger } from '../logging';

/** Codes that describe the client's request; their messages are safe to show. */
const CLIENT_CODES = new Set<string>([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.Internal),
]);

/**
 * Apollo's `formatError` for every service: the project's errors and client mistakes go out with
 * their message and code, never a stack trace; anything else is logged and, outside development,
 * replaced by a plain message so that stack traces and driver messages never reach a client.
 * Which subgraph answered (the gateway's `serviceName`) is the service's business, not the
 * client's: it goes to the log only.
 */
export function formatGraphQLError(production: boolean, logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const people = unwrapPeopleError(unwrapResolverError(error));
    const { serviceName, stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
    const code = people?.code ?? extensions.code;
    const safe = typeof code === 'string' && CLIENT_CODES.has(code);
    if (!safe) {
      logger.error({ err: unwrapResolverError(error), serviceName }, 'internal error while resolving');
      if (production) return { message: 'Internal server error', extensions: { code: ErrorCode.Internal } };
      // In development the stack of an unexpected error helps whoever is fixing it.
      return { ...formatted, extensions: { ...extensions, ...(stacktrace === undefined ? {} : { stacktrace }) } };
    }
    // A client's mistake is explained by its message; a stack trace would only be noise.
    return { ...formatted, extensions };
  };
}
