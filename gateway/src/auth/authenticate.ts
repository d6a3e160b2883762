import { unwrapPeopleError } from '@people/domain';
import { type Principal, type TokenVerifier } from '@people/platform';
import type { Request, RequestHandler } from 'express';
import { sendGraphQLError, withHttp } from '../http/graphqlErrors';

const principals = new WeakMap<Request, Principal>();

/**
 * The caller of an operation, when authentication is on. Apollo builds the context before it
 * parses or validates, so an operation that came past `authenticate` as a landing-page GET is
 * checked here: without a valid token its answer is a 401 and nothing else.
 */
export async function requirePrincipal(req: Request, verifier: TokenVerifier): Promise<Principal> {
  const known = principals.get(req);
  if (known) return known;
  try {
    return await verifier.verify(req.headers.authorization);
  } catch (error) {
    const people = unwrapPeopleError(error);
    throw people ? withHttp(people) : error;
  }
}

/**
 * A browser asking for the landing page (Apollo Sandbox) rather than running an operation, judged
 * among the types Apollo itself chooses from. Should Apollo judge otherwise, the context checks
 * the token (`requirePrincipal`).
 */
function wantsLandingPage(req: Request): boolean {
  return (
    req.method === 'GET' &&
    req.accepts(['application/json', 'application/graphql-response+json', 'multipart/mixed', 'text/html']) ===
      'text/html'
  );
}

/**
 * Every operation needs a valid bearer token, checked before the body is read (an upload from an
 * unknown caller is never parsed). What the token allows is checked once the operation is known.
 * Only a GET for the landing page, where there is one, passes without a token.
 */
export function authenticate(verifier: TokenVerifier, options: { landingPage: boolean }): RequestHandler {
  return async (req, res, next) => {
    if (options.landingPage && wantsLandingPage(req)) {
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
