import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ErrorCode, PeopleError } from '@people/domain';
import type { AuthConfig, AuthKeySource } from './config';
import { scopesOf, type Principal } from './scopes';

export interface TokenVerifier {
  /** The principal of a request's `Authorization` header; throws UNAUTHENTICATED when there is none. */
  verify(authorization: string | undefined): Promise<Principal>;
}

const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

const BEARER = /^Bearer ([A-Za-z0-9\-_.]+)$/i;

/** A sentence a client can act on, without echoing the token or the key material. */
function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The access token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    return `The access token's ${error.claim} claim is not accepted here (${error.reason})`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The access token signature is invalid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'The access token is signed with an unknown key';
  if (error instanceof errors.JOSEAlgNotAllowed)
    return 'The access token is signed with an algorithm not accepted here';
  return 'The access token is malformed';
}

/**
 * The key server is ours to reach: its failure is an outage, not the caller's fault. jose reports
 * every token problem as a JOSEError; anything else came from fetching the keys.
 */
function isKeyServerFailure(error: unknown): boolean {
  return (
    error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || !(error instanceof errors.JOSEError)
  );
}

function keyGetter(keys: AuthKeySource, timeoutMs: number): JWTVerifyGetKey {
  if (keys.kind === 'jwks') return createRemoteJWKSet(new URL(keys.url), { timeoutDuration: timeoutMs });
  const secret = new TextEncoder().encode(keys.secret);
  return () => secret;
}

/** Verifies bearer JWTs (signature, `iss`, `aud`, `exp`) with jose, against a remote JWKS or an HS256 secret. */
export function createTokenVerifier(config: AuthConfig): TokenVerifier {
  const getKey = keyGetter(config.keys, config.jwksTimeoutMs);
  const algorithms = config.keys.kind === 'jwks' ? ASYMMETRIC_ALGORITHMS : ['HS256'];
  return {
    async verify(authorization) {
      if (authorization === undefined || authorization.trim() === '') {
        throw new PeopleError(
          ErrorCode.Unauthenticated,
          'Authentication required: send an access token as "Authorization: Bearer <token>"',
        );
      }
      const token = BEARER.exec(authorization.trim())?.[1];
      if (token === undefined) {
        throw new PeopleError(ErrorCode.Unauthenticated, 'The Authorization header must be "Bearer <token>"');
      }
      try {
        const { payload } = await jwtVerify(token, getKey, {
          issuer: config.issuer,
          audience: config.audience,
          algorithms,
          clockTolerance: config.clockToleranceSeconds,
          requiredClaims: ['exp'],
        });
        return { subject: payload.sub, scopes: scopesOf(payload) };
      } catch (error) {
        if (isKeyServerFailure(error)) {
          throw new PeopleError(
            ErrorCode.ServiceUnavailable,
            'The token keys cannot be fetched right now; try again shortly',
          );
        }
        throw new PeopleError(ErrorCode.Unauthenticated, reasonOf(error));
      }
    },
  };
}
