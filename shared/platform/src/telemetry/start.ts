import type { Env } from '../config/loadConfig';
import type * as Sdk from './sdk';
import { loadTracingConfig } from './settings';
import { markTracingStarted, tracingOn } from './state';

/**
 * Turns tracing on for the process when the standard variables ask for it. A service's `main`
 * imports this before anything else, so that the MongoDB driver is instrumented when it loads.
 * With tracing off, the SDK is never loaded.
 */
export function startTracing(service: string, env: Env = process.env): void {
  const config = loadTracingConfig(env);
  if (!config || tracingOn()) return;
  // A synchronous load, so that the instrumentations are in place before the next import.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startTracingSdk } = require('./sdk') as typeof Sdk;
  markTracingStarted(startTracingSdk(service, config));
}
