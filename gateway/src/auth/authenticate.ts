import { unwrapPeopleError, type Principal, type TokenVerifier } from '@people/shared';
import type { Request, RequestHandler } from 'express';
import { sendGraphQLError } from '../http/graphqlErrors';

const principals = new WeakMap<Request, Principal>();

/** Who sent a request that passed `authenticate`. */
export function principalOf(req: Request): Principal | undefined {
  return principals.get(req);
}

/** A browser asking for the landing page (Apollo Sandbox) rather than running an operation. */
function wantsLandingPage(req: Request): boolean {
  return req.method === 'GET' && req.accepts(['application/json', 'text/html']) === 'text/html';
}

/**
 * Every operation needs a valid bearer token, checked before the body is read (an upload from an
 * unknown caller is never parsed). What the token allows is checked once the operation is known.
 */
export function authenticate(verifier: TokenVerifier): RequestHandler {
  return async (req, res, next) => {
    if (wantsLandingPage(req)) {
      next();
      return;
    }
    try {
      principals.set(req, await verifier.verify(req.headers.authorization));
    } catch (error) {
      const known = unwrapPeopleError(error);
      if (!known) throw error;
      sendGraphQLError(res, known, req.headers.authorization !== undefined);
      return;
    }
    next();
  };
}
