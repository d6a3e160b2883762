import type { Request, RequestHandler, Response } from 'express';
import cors from 'cors';
import { rateLimit, type RateLimitInfo, type Store } from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger } from '../logging';

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

/** The rate limit's fixed window. */
export const RATE_LIMIT_WINDOW_MS = 60_000;

export type RateLimitedHandler = (req: Request, res: Response, retryAfterSeconds: number) => void;

/**
 * At most `perMinute` requests per client IP (as `trust proxy` resolves it) in a fixed one-minute
 * window; past it `onLimit` answers, told how long until the window resets. 0 turns it off.
 * Counts are kept in `store` (shared by every replica) when given, in the process otherwise; a
 * shared store that fails lets the request through rather than refusing everyone.
 */
export function rateLimitPerClient(
  perMinute: number,
  onLimit: RateLimitedHandler,
  options: { exempt?: (req: Request) => boolean; store?: Store | undefined; logger?: Logger } = {},
): RequestHandler {
  if (perMinute === 0) return (_req, _res, next) => next();
  const { exempt, store, logger } = options;
  return rateLimit({
    ...(exempt ? { skip: exempt } : {}),
    ...(store ? { store, passOnStoreError: true } : {}),
    // A store that fails is a warning: the request goes on, and the next one tries again.
    ...(logger
      ? {
          logger: {
            error: (err: unknown, message?: string) => logger.warn({ err }, message ?? 'rate limit'),
            warn: (err: unknown, message?: string) => logger.warn({ err }, message ?? 'rate limit'),
          },
        }
      : {}),
    windowMs: RATE_LIMIT_WINDOW_MS,
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
