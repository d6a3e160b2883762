import { BlockList, isIP } from 'node:net';
import type { Request, RequestHandler, Response } from 'express';
import cors from 'cors';
import { rateLimit, type RateLimitInfo } from 'express-rate-limit';
import helmet from 'helmet';

type CspDirectives = Record<string, string[] | null>;

/**
 * helmet's headers. These services speak plain HTTP behind whatever terminates TLS, so the CSP
 * does not ask browsers to upgrade requests; `extraDirectives` widens it where a page needs more.
 */
export function securityHeaders(
  options: { extraDirectives?: CspDirectives; crossOriginResources?: boolean } = {},
): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: { upgradeInsecureRequests: null, ...options.extraDirectives },
    },
    crossOriginResourcePolicy: { policy: options.crossOriginResources ? 'cross-origin' : 'same-origin' },
  });
}

/** CORS for an allowlist of origins, or for any origin (`true`). */
export function corsPolicy(origins: true | readonly string[]): RequestHandler {
  return cors({
    origin: origins === true ? true : [...origins],
    exposedHeaders: ['x-request-id', 'location', 'link', 'retry-after', 'etag'],
    maxAge: 600,
  });
}

export type RateLimitedHandler = (req: Request, res: Response, retryAfterSeconds: number) => void;

/**
 * At most `perMinute` requests per client IP (as `trust proxy` resolves it) in a fixed one-minute
 * window; past it `onLimit` answers, told how long until the window resets. 0 turns it off.
 */
export function rateLimitPerClient(
  perMinute: number,
  onLimit: RateLimitedHandler,
  options: { exempt?: (address: string) => boolean } = {},
): RequestHandler {
  if (perMinute === 0) return (_req, _res, next) => next();
  const exempt = options.exempt;
  return rateLimit({
    ...(exempt ? { skip: (req: Request) => exempt(req.socket.remoteAddress ?? '') } : {}),
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req, res) => {
      const info = (req as Request & { rateLimit?: RateLimitInfo }).rateLimit;
      const resetMs = info?.resetTime ? info.resetTime.getTime() - Date.now() : 60_000;
      const retryAfter = Math.max(1, Math.ceil(resetMs / 1000));
      res.setHeader('Retry-After', String(retryAfter));
      onLimit(req, res, retryAfter);
    },
  });
}

/**
 * A matcher for a comma-separated list of addresses and CIDR subnets (`loopback` names 127.0.0.0/8
 * and ::1; `none` matches nothing), or an error message naming the first entry it cannot read.
 */
export function addressMatcher(spec: string): ((address: string) => boolean) | string {
  const list = new BlockList();
  for (const entry of spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    if (entry === 'none') continue;
    if (entry === 'loopback') {
      list.addSubnet('127.0.0.0', 8, 'ipv4');
      list.addAddress('::1', 'ipv6');
      continue;
    }
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) return `cannot read '${entry}'`;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return (address) => {
    const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
    const family = isIP(plain);
    return family !== 0 && list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
  };
}
