import { ErrorCode, unwrapPeopleError, type PeopleError } from '@people/domain';
import { Scope, requireScope, type TokenVerifier } from '@people/platform';
import type { RequestHandler } from 'express';
import { HttpError } from '../errors';

const READING_METHODS = new Set(['GET', 'HEAD']);

function asHttpError(error: PeopleError, hadCredentials: boolean): HttpError {
  if (error.code === ErrorCode.Unauthenticated) return HttpError.unauthenticated(error.message, hadCredentials);
  if (error.code === ErrorCode.ServiceUnavailable) return HttpError.unavailable(error.message);
  return new HttpError(error.httpStatus, error.message);
}

/** A valid bearer token on every route it guards: `people:read` to read, `people:write` for the rest. */
export function requireToken(verifier: TokenVerifier): RequestHandler {
  return async (req, _res, next) => {
    try {
      const principal = await verifier.verify(req.headers.authorization);
      requireScope(principal, READING_METHODS.has(req.method) ? Scope.Read : Scope.Write);
    } catch (error) {
      const known = unwrapPeopleError(error);
      if (!known) throw error;
      throw asHttpError(known, req.headers.authorization !== undefined);
    }
    next();
  };
}
