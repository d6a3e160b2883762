import { HeaderMap } from '@apollo/server';
import { ERRORS, ErrorCode, HTTP_STATUS, PeopleError } from '@people/domain';
import { type Logger } from '@people/platform';
import { graphqlExtensions } from '@people/subgraph-kit';
import type { ErrorRequestHandler, Response } from 'express';
import { GraphQLError } from 'graphql';

/** The headers an error's answer carries besides its status. */
export function errorHeaders(error: PeopleError, hadCredentials = false): Record<string, string> {
  switch (error.code) {
    case ErrorCode.Unauthenticated:
      // RFC 6750: a bare challenge when no token came, `invalid_token` when one did.
      return { 'WWW-Authenticate': hadCredentials ? 'Bearer error="invalid_token"' : 'Bearer' };
    case ErrorCode.Forbidden:
      return { 'WWW-Authenticate': 'Bearer error="insufficient_scope"' };
    case ErrorCode.ServiceUnavailable:
    case ErrorCode.TooManyRequests: {
      return error.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(error.retryAfterSeconds) };
    }
    default:
      return {};
  }
}

/** Answers outside Apollo (before it runs) in the shape Apollo uses: `{ errors: [{ message, extensions }] }`. */
export function sendGraphQLError(res: Response, error: PeopleError, hadCredentials = false): void {
  res
    .status(error.httpStatus)
    .set(errorHeaders(error, hadCredentials))
    .json({ errors: [{ message: error.message, extensions: graphqlExtensions(error) }] });
}

/** The same error for Apollo's hooks, which take the response's status and headers from `extensions.http`. */
export function withHttp(error: PeopleError): GraphQLError {
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: {
      ...graphqlExtensions(error),
      http: { status: error.httpStatus, headers: new HeaderMap(Object.entries(errorHeaders(error, true))) },
    },
  });
}

function badRequest(message: string): { message: string; extensions: { code: string } } {
  return { message, extensions: { code: 'BAD_REQUEST' } };
}

/** Body-parser and router failures before Apollo: client errors in GraphQL shape, anything else logged. */
export function gatewayErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const { type, status } = (typeof error === 'object' && error !== null ? error : {}) as {
      type?: unknown;
      status?: unknown;
    };
    if (type === 'entity.too.large') {
      sendGraphQLError(res, new PeopleError(ErrorCode.PayloadTooLarge));
      return;
    }
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message = type === 'entity.parse.failed' ? 'The request body is not valid JSON' : 'Bad request';
      res.status(status === 415 ? 415 : 400).json({ errors: [badRequest(message)] });
      return;
    }
    logger.error({ err: error }, 'unexpected error');
    res
      .status(HTTP_STATUS[ErrorCode.Internal])
      .json({ errors: [{ message: ERRORS[ErrorCode.Internal].message, extensions: { code: ErrorCode.Internal } }] });
  };
}
