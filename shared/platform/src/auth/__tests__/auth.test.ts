import { SignJWT, generateKeyPair } from 'jose';
import { ConfigError } from '../../config';
import { ErrorCode } from '@people/domain';
import { loadAuthConfig } from '../config';
import { Scope, requireScope, scopesOf } from '../scopes';
import { createTokenVerifier } from '../verifier';
import { thrownBy } from '@people/testing';

const SECRET = 'a-shared-secret-of-at-least-32-chars!';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadAuthConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('auth settings', () => {
  it('are off when no key source is set', () => {
    expect(loadAuthConfig({})).toBeUndefined();
  });

  it('name every missing setting of a partial set', () => {
    expect(problemsOf({ AUTH_JWKS_URL: 'https://issuer.test/jwks.json' })).toEqual([
      'AUTH_ISSUER: required when authentication is configured',
      'AUTH_AUDIENCE: required when authentication is configured',
    ]);
    expect(problemsOf({ AUTH_ISSUER: 'https://issuer.test/', AUTH_AUDIENCE: 'api' })).toEqual([
      'AUTH_JWKS_URL or AUTH_JWT_SECRET: one is required when authentication is configured',
    ]);
  });

  it('refuse two key sources and a short secret', () => {
    const both = {
      AUTH_JWKS_URL: 'https://i.test/jwks',
      AUTH_JWT_SECRET: SECRET,
      AUTH_ISSUER: 'i',
      AUTH_AUDIENCE: 'a',
    };
    expect(problemsOf(both)).toEqual(['AUTH_JWKS_URL and AUTH_JWT_SECRET: set only one of them']);
    expect(() => loadAuthConfig({ AUTH_JWT_SECRET: 'short', AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a' })).toThrow(
      /AUTH_JWT_SECRET: must be at least 32 characters/,
    );
  });
});

describe('the token verifier with an HS256 secret', () => {
  const config = loadAuthConfig({ AUTH_JWT_SECRET: SECRET, AUTH_ISSUER: 'https://issuer.test/', AUTH_AUDIENCE: 'api' });
  if (!config) throw new Error('auth settings did not load');
  const verifier = createTokenVerifier({ ...config, clockToleranceSeconds: 0 });
  const sign = (claims: Record<string, unknown>, expiresIn = 60, secret = SECRET) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('https://issuer.test/')
      .setAudience('api')
      .setExpirationTime(Math.floor(Date.now() / 1000) + expiresIn)
      .sign(new TextEncoder().encode(secret));

  it('accepts a valid token and reads its scopes', async () => {
    const principal = await verifier.verify(`Bearer ${await sign({ sub: 'u1', scope: 'people:read people:write' })}`);
    expect(principal.subject).toBe('u1');
    expect([...principal.scopes].sort()).toEqual(['people:read', 'people:write']);
  });

  it('refuses a missing header, a wrong secret, an expired token and one without exp', async () => {
    await expect(verifier.verify(undefined)).rejects.toMatchObject({ code: ErrorCode.Unauthenticated });
    await expect(verifier.verify(`Bearer ${await sign({}, 60, `${SECRET}x`)}`)).rejects.toThrow(/signature/);
    await expect(verifier.verify(`Bearer ${await sign({}, -10)}`)).rejects.toThrow(/expired/);
    const noExp = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('https://issuer.test/')
      .setAudience('api')
      .sign(new TextEncoder().encode(SECRET));
    await expect(verifier.verify(`Bearer ${noExp}`)).rejects.toThrow(/exp/);
  });

  it('reports an unreachable JWKS as SERVICE_UNAVAILABLE, not as a bad token', async () => {
    const remote = createTokenVerifier({ ...config, keys: { kind: 'jwks', url: 'http://127.0.0.1:1/jwks.json' } });
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'k' })
      .setIssuer('https://issuer.test/')
      .setAudience('api')
      .setExpirationTime('1m')
      .sign(privateKey);
    await expect(remote.verify(`Bearer ${token}`)).rejects.toMatchObject({ code: ErrorCode.ServiceUnavailable });
  });
});

describe('scopes', () => {
  it('come from scope (space-separated) and scp (array or string)', () => {
    expect([...scopesOf({ scope: 'a  b', scp: ['c', 1] })].sort()).toEqual(['a', 'b', 'c']);
    expect([...scopesOf({ scp: 'people:read' })]).toEqual(['people:read']);
    expect(scopesOf({}).size).toBe(0);
  });

  it('are required per operation kind', () => {
    const reader = { subject: undefined, scopes: new Set([Scope.Read]) };
    expect(() => requireScope(reader, Scope.Read)).not.toThrow();
    expect(thrownBy(() => requireScope(reader, Scope.Write))).toMatchObject({ code: ErrorCode.Forbidden });
  });
});
