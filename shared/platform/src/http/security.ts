import type { Request, RequestHandler, Response } from 'express';
import cors from 'cors';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MemoryStore, ipKeyGenerator, rateLimit, type RateLimitInfo, type Store } from 'express-rate-limit';
import helmet from 'helmet';
import proxyaddr from 'proxy-addr';
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

/**
 * The headers `handlers` (helmet's, CORS's: middleware that only sets headers) give every answer to
 * a request without an Origin, read once by running them over a record of a response, so that an
 * answer written below express carries exactly the same ones.
 */
export function headersSetBy(handlers: readonly RequestHandler[]): ReadonlyMap<string, string> {
  const headers = new Map<string, string>();
  const response = {
    getHeader: (name: string) => headers.get(name.toLowerCase()),
    setHeader(name: string, value: unknown) {
      headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
      return response;
    },
    removeHeader: (name: string) => void headers.delete(name.toLowerCase()),
  };
  const request = { method: 'POST', url: '/', headers: {} };
  for (const handler of handlers) {
    const state = { passedOn: false };
    void handler(request as unknown as Request, response as unknown as Response, () => {
      state.passedOn = true;
    });
    if (!state.passedOn) throw new Error('headersSetBy: a handler did not pass the request on at once');
  }
  return headers;
}

/**
 * The client's address as express's `req.ip` gives it, for a request answered below express:
 * `app` is the express app whose `trust proxy` setting applies.
 */
export function clientAddressOf(app: { get(setting: 'trust proxy fn'): unknown }): (req: IncomingMessage) => string {
  const trust = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
  return (req) => proxyaddr(req, trust);
}

/** The rate limit's fixed window. */
export const RATE_LIMIT_WINDOW_MS = 60_000;

export type RateLimitedHandler = (req: Request, res: Response, retryAfterSeconds: number) => void;

/** The rate limit's answer for a request counted outside express (see ClientRateLimit.countOutside). */
export type OutsideCount = 'exempt' | 'within' | 'over';

/**
 * At most `perMinute` requests per client IP (as `trust proxy` resolves it) in a fixed one-minute
 * window; past it `onLimit` answers, told how long until the window resets. 0 turns it off.
 * Counts are kept in `store` (shared by every replica) when given, in the process otherwise; a
 * shared store that fails lets the request through rather than refusing everyone.
 *
 * `handler` is the express middleware. `countOutside` counts a request that a handler below
 * express answers, in the same store and with the same headers; a request it counted within the
 * limit is not counted again should it go on to express after all.
 */
export class ClientRateLimit {
  readonly handler: RequestHandler;
  private readonly store: Store | undefined;
  private readonly counted = new WeakSet<IncomingMessage>();

  constructor(
    private readonly perMinute: number,
    onLimit: RateLimitedHandler,
    private readonly options: {
      exempt?: (req: IncomingMessage) => boolean;
      store?: Store | undefined;
      logger?: Logger;
    } = {},
  ) {
    if (perMinute === 0) {
      this.handler = (_req, _res, next) => next();
      return;
    }
    const { exempt, logger } = options;
    this.store = options.store ?? new MemoryStore();
    this.handler = rateLimit({
      skip: (req) => this.counted.has(req) || (exempt?.(req) ?? false),
      store: this.store,
      ...(options.store ? { passOnStoreError: true } : {}),
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
        const resetMs = info?.resetTime ? info.resetTime.getTime() - Date.now() : RATE_LIMIT_WINDOW_MS;
        const retryAfter = Math.max(1, Math.ceil(resetMs / 1000));
        res.setHeader('Retry-After', String(retryAfter));
        onLimit(req, res, retryAfter);
      },
    });
  }

  /**
   * Counts `req` from the client at `ip` as the middleware would, and sets the same RateLimit
   * headers on `res`. 'over' leaves the request for the middleware, which counts it again (it is
   * over either way) and answers it.
   */
  async countOutside(req: IncomingMessage, res: ServerResponse, ip: string): Promise<OutsideCount> {
    if (!this.store || this.options.exempt?.(req)) return 'exempt';
    let hits: number;
    let resetTime: Date | undefined;
    try {
      ({ totalHits: hits, resetTime } = await this.store.increment(ipKeyGenerator(ip)));
    } catch (err) {
      this.options.logger?.warn({ err }, 'rate limit store failed; request allowed');
      this.counted.add(req);
      return 'within';
    }
    if (hits > this.perMinute) return 'over';
    this.counted.add(req);
    const resetSeconds = resetTime
      ? Math.max(0, Math.ceil((resetTime.getTime() - Date.now()) / 1000))
      : RATE_LIMIT_WINDOW_MS / 1000;
    res.setHeader('RateLimit-Policy', `${this.perMinute};w=${RATE_LIMIT_WINDOW_MS / 1000}`);
    res.setHeader(
      'RateLimit',
      `limit=${this.perMinute}, remaining=${Math.max(this.perMinute - hits, 0)}, reset=${resetSeconds}`,
    );
    return 'within';
  }
}
