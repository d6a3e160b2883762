import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { ERRORS, ErrorCode, unwrapPeopleError } from '@people/domain';
import type { Logger } from '@people/platform';
import { graphqlExtensions } from './graphqlErrors';

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
 * Apollo's own refusals of a malformed request (a persisted query whose hash does not match it, an
 * unknown persisted-query version) carry a 4xx status but no code, which would make them internal.
 */
function isRequestRefusal(error: unknown): boolean {
  const status = (error as { extensions?: { http?: { status?: unknown } } } | null)?.extensions?.http?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** graphql-js's hints, on fields, arguments, types and enum values alike: `Did you mean "x" or "y"?`. */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * Apollo's `formatError` for every service: the project's errors and client mistakes go out with
 * their message and code, never a stack trace; anything else is logged and, outside development,
 * replaced by a plain message so that stack traces and driver messages never reach a client.
 * With `hideSuggestions`, no message names a field or value the client did not write. Which
 * subgraph answered (the gateway's `serviceName`) is the service's business, not the client's: it
 * goes to the log only.
 */
export function formatGraphQLError(production: boolean, logger: Logger, options: { hideSuggestions?: boolean } = {}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const people = unwrapPeopleError(unwrapResolverError(error));
    const { serviceName, stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
    const refusal = !people && extensions.code === ErrorCode.Internal && isRequestRefusal(error);
    const code = refusal ? 'BAD_REQUEST' : (people?.code ?? extensions.code);
    const safe = typeof code === 'string' && CLIENT_CODES.has(code);
    if (!safe) {
      logger.error({ err: unwrapResolverError(error), serviceName }, 'internal error while resolving');
      if (production) return { message: ERRORS[ErrorCode.Internal].message, extensions: { code: ErrorCode.Internal } };
      // In development the stack of an unexpected error helps whoever is fixing it.
      return { ...formatted, extensions: { ...extensions, ...(stacktrace === undefined ? {} : { stacktrace }) } };
    }
    // A client's mistake is explained by its message; a stack trace would only be noise.
    const message = options.hideSuggestions ? formatted.message.replace(SUGGESTION, '') : formatted.message;
    return { ...formatted, message, extensions: { ...extensions, ...(people ? graphqlExtensions(people) : { code }) } };
  };
}
