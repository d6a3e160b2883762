import { closeAndExit, type Logger } from '@people/platform';
import { isShutdownMessage, type ReadyMessage } from './messages';

export interface WorkerHandle {
  urls: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Runs one service in a worker process of `npm start`: starts it, reports its URLs to the launcher,
 * and closes it when the launcher says so.
 */
export function runWorker(logger: Logger, start: () => Promise<WorkerHandle>): void {
  // The launcher orders the shutdown (bridge, gateway, then subgraphs). A Ctrl-C reaches every
  // process of the terminal's group at once and must not stop the gateway under the bridge.
  const ignore = () => undefined;
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
  // The launcher holds the listening sockets and the subgraphs: without it nothing can be served.
  process.on('disconnect', () => {
    logger.error('the launcher is gone; exiting');
    process.exit(1);
  });
  let handle: WorkerHandle | undefined;
  let stopping = false;
  process.on('message', (message) => {
    if (!isShutdownMessage(message) || stopping) return;
    stopping = true;
    logger.info('shutting down');
    // Not started yet: nothing is in flight, so there is nothing to finish.
    if (!handle) process.exit(0);
    closeAndExit(handle, logger);
  });
  start().then(
    (started) => {
      handle = started;
      const ready: ReadyMessage = { type: 'ready', urls: started.urls };
      process.send?.(ready);
    },
    (error: unknown) => {
      logger.fatal({ err: error }, 'failed to start');
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
