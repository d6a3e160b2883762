import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ErrorCode, unwrapPeopleError, type PeopleError } from '@people/domain';

/**
 * Codes that refuse the request as a whole (a body that cannot be read or took too long to
 * arrive): there is no operation result to give, so the answer carries the code's HTTP status.
 */
const REQUEST_LEVEL = new Set<ErrorCode>([ErrorCode.BadRequest, ErrorCode.RequestTimeout]);

/**
 * The one place where a PeopleError becomes GraphQL: `extensions.code`, and the invalid fields
 * (`invalidFields`) or the seconds to wait (`retryAfter`) where the code has them.
 */
export function graphqlExtensions(error: PeopleError): Record<string, unknown> {
  return {
    code: error.code,
    ...(error.code === ErrorCode.BadUserInput ? { invalidFields: error.fields } : {}),
    ...(error.retryAfterSeconds === undefined ? {} : { retryAfter: error.retryAfterSeconds }),
  };
}

/** Answers a request that a resolver refused as a whole with that refusal's HTTP status, as Apollo does for its own. */
export function requestLevelStatusPlugin(): ApolloServerPlugin {
  return {
    requestDidStart() {
      return Promise.resolve({
        didEncounterErrors({ errors, response }) {
          for (const error of errors) {
            const people = unwrapPeopleError(unwrapResolverError(error));
            if (people && REQUEST_LEVEL.has(people.code)) response.http.status = people.httpStatus;
          }
          return Promise.resolve();
        },
      });
    },
  };
}
