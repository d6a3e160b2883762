import { randomBytes } from 'node:crypto';
import cluster, { type Worker } from 'node:cluster';
import path from 'node:path';
import { SUBGRAPH_NAMES, stopTracing, type Logger, type SubgraphName } from '@people/platform';
import type { StackConfig } from './config';
import { loopbackUrl } from './stack';
import { startSubgraphs, type SubgraphsHandle } from './subgraphs';
import { isReadyMessage, type ShutdownMessage } from './workers/messages';

type WorkerService = 'gateway' | 'rest-bridge';

const WORKER_SCRIPTS: Record<WorkerService, string> = { gateway: 'gateway.js', 'rest-bridge': 'bridge.js' };
/** Stopped in this order, so that the bridge's requests in flight still reach a gateway. */
const STOP_ORDER: WorkerService[] = ['rest-bridge', 'gateway'];
/**
 * Node flags of this process that are the subgraphs' alone: `npm start` sizes the young generation
 * for the store's pages here; the workers keep V8's default, which bounds their memory while a
 * long list streams through them.
 */
const SUBGRAPHS_ONLY_FLAGS = ['--max-semi-space-size'];
/** Beyond the services' own grace period, how long a worker may take to exit before it is killed. */
const EXIT_MARGIN_MS = 5000;

export interface LaunchedUrls {
  gateway: string;
  subgraphs: Record<SubgraphName, string>;
  /** Each REST port's origin, by role. */
  bridge: Record<string, string>;
}

interface RunningWorker {
  service: WorkerService;
  worker: Worker;
  ready: boolean;
  exited: Promise<number | null>;
}

/**
 * `npm start` over every core: the four subgraphs and the store in this process, the gateway and
 * the bridge in `node:cluster` workers sharing their ports. SIGINT or SIGTERM stops them all in
 * order; a worker that dies is reported and stops the rest, and the process exits 1.
 */
export function superviseStack(config: StackConfig, logger: Logger, onReady: (urls: LaunchedUrls) => void): void {
  const workers: RunningWorker[] = [];
  let subgraphs: SubgraphsHandle | undefined;
  let stopping = false;

  const stop = async (exitCode: number): Promise<never> => {
    stopping = true;
    let code = exitCode;
    for (const service of STOP_ORDER) {
      const group = workers.filter((running) => running.service === service && !running.worker.isDead());
      const codes = await Promise.all(group.map((running) => stopWorker(running, config.bridge.shutdownGraceMs)));
      if (codes.some((one) => one !== 0)) code = 1;
    }
    try {
      await subgraphs?.close();
    } catch (error) {
      logger.error({ err: error }, 'closing the subgraphs failed');
      code = 1;
    }
    await stopTracing().catch((error: unknown) => logger.warn({ err: error }, 'could not send the last spans'));
    process.exit(code);
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    logger.info({ signal }, 'shutting down');
    void stop(0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const fork = (service: WorkerService, env: Record<string, string>): Promise<Record<string, string>> => {
    // A signal during start-up: what is not forked yet need not be.
    if (stopping) return Promise.reject(new Error('the stack is stopping'));
    cluster.setupPrimary({
      exec: path.join(__dirname, 'workers', WORKER_SCRIPTS[service]),
      execArgv: process.execArgv.filter((arg) => !SUBGRAPHS_ONLY_FLAGS.some((flag) => arg.startsWith(flag))),
    });
    const worker = cluster.fork(env);
    const pid = worker.process.pid;
    const exited = new Promise<number | null>((resolve) =>
      // Node passes a null signal when the process exited by itself.
      worker.once('exit', (code: number | null, signal: NodeJS.Signals | null) => {
        if (!stopping) {
          logger.error(
            { worker: service, pid, code, signal },
            `${service} process ${String(pid)} exited (${signal ?? `code ${String(code)}`}); stopping the stack`,
          );
          void stop(1);
        }
        resolve(code);
      }),
    );
    const running: RunningWorker = { service, worker, ready: false, exited };
    workers.push(running);
    return new Promise((resolve, reject) => {
      worker.on('message', (message) => {
        if (!isReadyMessage(message)) return;
        running.ready = true;
        logger.info({ worker: service, pid }, `${service} process ${String(pid)} ready`);
        resolve(message.urls);
      });
      void exited.then(() => reject(new Error(`${service} process ${String(pid)} exited before it was ready`)));
    });
  };

  const startAll = async (): Promise<LaunchedUrls> => {
    const started = await startSubgraphs(config);
    subgraphs = started;
    // The bridge proves itself to the gateway's rate limit with a credential made for this run,
    // unless BRIDGE_SHARED_SECRET names one.
    const bridgeSecret = { BRIDGE_SHARED_SECRET: config.bridge.bridgeSecret ?? randomBytes(24).toString('base64url') };
    const subgraphEnv = Object.fromEntries(
      SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_SUBGRAPH_URL`, loopbackUrl(started.urls[name])]),
    );
    const [gateway] = await Promise.all(
      Array.from({ length: config.workers.gateway }, () => fork('gateway', { ...subgraphEnv, ...bridgeSecret })),
    );
    const gatewayUrl = gateway?.gateway;
    if (!gatewayUrl) throw new Error('the gateway process reported no URL');
    const [bridge = {}] = await Promise.all(
      Array.from({ length: config.workers.bridge }, () =>
        fork('rest-bridge', { GATEWAY_URL: loopbackUrl(gatewayUrl), ...bridgeSecret }),
      ),
    );
    return { gateway: gatewayUrl, subgraphs: started.urls, bridge };
  };

  startAll().then(
    (urls) => {
      if (!stopping) onReady(urls);
    },
    (error: unknown) => {
      if (stopping) return;
      logger.fatal({ err: error }, 'failed to start');
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      void stop(1);
    },
  );
}

/** Asks one worker to stop, kills it if it takes too long, and resolves with its exit code. */
async function stopWorker(running: RunningWorker, graceMs: number): Promise<number | null> {
  if (!running.ready) {
    // Still loading: it serves nothing yet, and may not read its messages for seconds.
    running.worker.process.kill('SIGKILL');
    await running.exited;
    return 0;
  }
  const shutdown: ShutdownMessage = { type: 'shutdown' };
  const timer = setTimeout(() => running.worker.process.kill('SIGKILL'), graceMs + EXIT_MARGIN_MS);
  try {
    running.worker.send(shutdown);
  } catch {
    // Its channel is already closed: it is exiting on its own.
  }
  const code = await running.exited;
  clearTimeout(timer);
  return code;
}
