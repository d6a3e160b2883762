import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort, startScriptNodeFlags } from '@people/testing';

export interface StackProcess {
  child: ChildProcess;
  ports: Record<string, number>;
  gatewayUrl: string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  output: () => string;
}

const PORT_SETTINGS = [
  'GATEWAY_PORT',
  'CREATE_SUBGRAPH_PORT',
  'READ_SUBGRAPH_PORT',
  'UPDATE_SUBGRAPH_PORT',
  'DELETE_SUBGRAPH_PORT',
  'BRIDGE_CREATE_PORT',
  'BRIDGE_READ_PORT',
  'BRIDGE_UPDATE_PORT',
  'BRIDGE_DELETE_PORT',
] as const;

/** The repository's root, where `package.json` says how `npm start` runs. */
export const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/**
 * `npm start`'s launcher (the built `stack/dist/main.js`, with `npm start`'s node flags) as a child process on free ports.
 * `detached` puts it in a process group of its own, as a terminal does, so that a test can signal
 * the whole group (`process.kill(-pid)`) the way Ctrl-C does.
 */
export async function spawnStack(
  dataDir: string,
  env: Record<string, string> = {},
  options: { detached?: boolean } = {},
): Promise<StackProcess> {
  const ports: Record<string, number> = {};
  for (const name of PORT_SETTINGS) ports[name] = await freePort();
  const portEnv = Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)]));
  let output = '';
  const main = path.resolve(__dirname, '..', '..', '..', 'dist', 'main.js');
  const child = spawn(process.execPath, [...startScriptNodeFlags(REPOSITORY_ROOT), main], {
    env: {
      PATH: process.env.PATH,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      GATEWAY_HOST: '127.0.0.1',
      BRIDGE_HOST: '127.0.0.1',
      PUBLIC_BASE_URL: `http://127.0.0.1:${String(ports.GATEWAY_PORT)}`,
      ...portEnv,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const gatewayUrl = `http://127.0.0.1:${String(ports.GATEWAY_PORT)}/graphql`;
  // Several processes start one after the other: on a busy machine that takes a while.
  const deadline = Date.now() + 60_000;
  const answers = (url: string) =>
    fetch(url).then(
      (r) => r.ok,
      () => false,
    );
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the stack exited early:\n${output}`);
    const ready =
      (await answers(`http://127.0.0.1:${String(ports.GATEWAY_PORT)}/readyz`)) &&
      (await answers(`http://127.0.0.1:${String(ports.BRIDGE_DELETE_PORT)}/healthz`));
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`the stack did not become ready:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, ports, gatewayUrl, exited, output: () => output };
}

/**
 * One service (`node <entry>`) as a child process on settings of its own, that a test can stop
 * with a signal and start again on the same ports.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private log = '';

  constructor(
    readonly name: string,
    /** The built entry point, relative to the repository root (`gateway/dist/main.js`). */
    private readonly entry: string,
    private readonly env: Record<string, string>,
    /** Answers 200 once the service is up. */
    private readonly healthUrl: string,
  ) {}

  output(): string {
    return this.log;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [path.resolve(__dirname, '..', '..', '..', '..', this.entry)], {
      env: { PATH: process.env.PATH, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${this.name} exited early:\n${this.log}`);
      const up = await fetch(this.healthUrl).then(
        async (response) => {
          await response.arrayBuffer();
          return response.ok;
        },
        () => false,
      );
      if (up) return;
      if (Date.now() > deadline) throw new Error(`${this.name} did not come up:\n${this.log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Sends `signal` and resolves with the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    return exited;
  }
}
