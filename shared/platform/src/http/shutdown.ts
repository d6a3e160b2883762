import type { Logger } from '../logging';
import { stopTracing } from '../telemetry/state';

export interface Closable {
  close(): Promise<void>;
}

/**
 * Runs a service's `main`: starts it, then on SIGTERM or SIGINT closes it, sends the spans still
 * buffered (when tracing is on) and exits 0 (1 if the close fails). A start-up failure is printed
 * plainly and exits 1.
 */
export async function runUntilSignalled(logger: Logger, start: () => Promise<Closable>): Promise<void> {
  let handle: Closable;
  try {
    handle = await start();
  } catch (error) {
    logger.fatal({ err: error }, 'failed to start');
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    closeAndExit(handle, logger);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/**
 * Closes a service, sends the spans still buffered (when tracing is on) and exits 0, or 1 if the
 * close fails.
 */
export function closeAndExit(handle: Closable, logger: Logger): void {
  handle
    .close()
    .then(async () => {
      await stopTracing().catch((error: unknown) => logger.warn({ err: error }, 'could not send the last spans'));
    })
    .then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
}
