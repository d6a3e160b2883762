import type { Store } from 'express-rate-limit';
import type { HttpSecurityConfig } from '../config/httpSecurity';
import { openSharedRateLimits } from './mongoRateLimitStore';
import type { Logger } from '../logging';
import { RATE_LIMIT_WINDOW_MS } from './security';

/** Where one rate limiter keeps its counts. */
export type RateLimitStore = Store;

/** Where a process's rate limiters keep their counts. */
export interface RateLimitState {
  /** The store for one limiter, or undefined for express-rate-limit's in-process one. */
  store(prefix: string): Store | undefined;
  close(): Promise<void>;
}

/**
 * With MONGODB_URI set (`sharedState`), counts live in MongoDB so that the limit holds for all
 * replicas together; otherwise each process counts its own.
 */
export function openRateLimitState(config: HttpSecurityConfig, logger: Logger): RateLimitState {
  if (config.sharedState === undefined || config.rateLimitPerMinute === 0) {
    return { store: () => undefined, close: () => Promise.resolve() };
  }
  return openSharedRateLimits(config.sharedState, RATE_LIMIT_WINDOW_MS, (err, message) =>
    logger.warn({ err }, message),
  );
}
