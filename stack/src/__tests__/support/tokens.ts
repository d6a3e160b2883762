import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import type { AuthConfig } from '@people/platform';

export const TEST_ISSUER = 'https://issuer.test/';
export const TEST_AUDIENCE = 'people-api';

export interface TokenOptions {
  scope?: string;
  scp?: string[];
  audience?: string;
  issuer?: string;
  /** Seconds from now; negative for a token that has expired. */
  expiresIn?: number;
  /** Sign with this key instead of the one the JWKS publishes. */
  key?: KeyLike;
}

/** A local issuer: an RS256 key pair, its JWKS served over HTTP on port 0, and a token signer. */
export interface TestIssuer {
  auth: AuthConfig;
  jwksUrl: string;
  sign(options?: TokenOptions): Promise<string>;
  /** A key the JWKS does not publish, for forged tokens. */
  strangerKey: KeyLike;
  close(): Promise<void>;
}

export async function startTestIssuer(): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const stranger = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  return {
    jwksUrl,
    auth: {
      keys: { kind: 'jwks', url: jwksUrl },
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      clockToleranceSeconds: 0,
      jwksTimeoutMs: 2000,
    },
    strangerKey: stranger.privateKey,
    sign: (options = {}) => {
      const claims: Record<string, unknown> = {};
      if (options.scope !== undefined) claims.scope = options.scope;
      if (options.scp !== undefined) claims.scp = options.scp;
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
        .setSubject('test-user')
        .setIssuer(options.issuer ?? TEST_ISSUER)
        .setAudience(options.audience ?? TEST_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + (options.expiresIn ?? 300))
        .sign(options.key ?? privateKey);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
