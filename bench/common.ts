/**
 * What the benchmark and the soak share: free loopback ports, per-process CPU and memory from
 * /proc, and the stack started as separate processes, as in production.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@people/testing';
import { parse } from 'yaml';
import type { LoadResult, LoadSpec } from './load';

/** The repository root (this file runs as `bench/dist/common.js`). */
export const ROOT = path.resolve(__dirname, '..', '..');
export const RESULTS_DIR = path.join(ROOT, 'bench', 'results');
export const DIST = path.join(ROOT, 'bench', 'dist');

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU time the process has used so far, in ms, from its own kernel counters. */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** Resident set size in bytes (VmRSS), 0 once the process is gone. */
export function rssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs the load generator in a process of its own, so that its CPU is not counted as the server's. */
export async function runLoadGenerator(spec: LoadSpec): Promise<LoadResult> {
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(DIST, 'load.js'), JSON.stringify(spec)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`load generator exited ${String(code)}`)),
    );
  });
  return JSON.parse(output.trim().split('\n').pop() ?? '{}') as LoadResult;
}

export const MB = 1024 * 1024;

/** Samples every process's RSS every `everyMs` and keeps the peak of each. */
export function sampleRss(pids: Record<string, number>, everyMs = 100): { stop(): Record<string, number> } {
  const peaks: Record<string, number> = {};
  const take = () => {
    for (const [name, pid] of Object.entries(pids)) peaks[name] = Math.max(peaks[name] ?? 0, rssBytes(pid));
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return peaks;
    },
  };
}

export interface Service {
  name: string;
  child: ChildProcess;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

/** Node flags for one service: `BENCH_CPU_PROF=gateway,bridge` profiles those (`--cpu-prof`). */
function nodeFlags(name: string): string[] {
  const profiled = (process.env.BENCH_CPU_PROF ?? '').split(',').map((s) => s.trim());
  if (!profiled.includes(name) && !profiled.includes('all')) return [];
  const dir = path.join(RESULTS_DIR, 'profiles');
  fs.mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`];
}

export const SUBGRAPHS = ['create', 'read', 'update', 'delete'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];

/** The compose service that runs each of the bench's processes in production. */
const COMPOSE_SERVICES: Record<string, string> = {
  gateway: 'gateway',
  bridge: 'rest-bridge',
  // On the embedded store one process serves what subgraph-read serves on MongoDB (npm start gives it the same flags).
  subgraphs: 'subgraph-read',
  ...Object.fromEntries(SUBGRAPHS.map((name) => [`subgraph-${name}`, `subgraph-${name}`])),
};

/** The `NODE_OPTIONS` each compose service gets from docker-compose.yml. */
const COMPOSE_NODE_OPTIONS: Record<string, string> = (() => {
  const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, { environment?: Record<string, unknown> }>;
  };
  const options: Record<string, string> = {};
  for (const [name, service] of Object.entries(compose.services)) {
    const value = service.environment?.NODE_OPTIONS;
    if (typeof value === 'string') options[name] = value;
  }
  return options;
})();

/**
 * `NODE_OPTIONS` for one process: what production gives it (docker-compose.yml), unless
 * BENCH_NODE_OPTIONS sets them for every process (heap experiments).
 */
function nodeOptionsFor(name: string): string | undefined {
  if (process.env.BENCH_NODE_OPTIONS !== undefined) return process.env.BENCH_NODE_OPTIONS;
  const composeService = COMPOSE_SERVICES[name];
  return composeService ? COMPOSE_NODE_OPTIONS[composeService] : undefined;
}

/** One sentence for a report: which processes ran with which `NODE_OPTIONS`. */
export function describeNodeOptions(names: readonly string[]): string {
  if (process.env.BENCH_NODE_OPTIONS !== undefined) {
    return `Every process with NODE_OPTIONS="${process.env.BENCH_NODE_OPTIONS}" (BENCH_NODE_OPTIONS).`;
  }
  const set = names.flatMap((name) => {
    const options = nodeOptionsFor(name);
    return options ? [`${name} with NODE_OPTIONS="${options}"`] : [];
  });
  return set.length > 0
    ? `As docker-compose.yml runs them: ${set.join(', ')}; the others with none.`
    : 'No process with NODE_OPTIONS.';
}

/** Every service still running; none outlives the bench, however it exits (Ctrl-C mid-start too). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts `node [...nodeArgs] <script> ...args` as its own process; its output goes to a log file. */
export function startService(
  name: string,
  script: string,
  args: string[],
  env: Record<string, string>,
  logDir: string,
  cwd = ROOT,
  nodeArgs: readonly string[] = [],
): Service {
  const nodeOptions = nodeOptionsFor(name);
  return startProcess(
    name,
    process.execPath,
    [...nodeFlags(name), ...nodeArgs, script, ...args],
    { ...env, ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) },
    logDir,
    cwd,
  );
}

/** Starts any program as its own process (a native peer too); its output goes to a log file. */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  logDir: string,
  cwd = ROOT,
): Service {
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${name}.log`);
  const fd = fs.openSync(logFile, 'a');
  const child = spawn(command, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), ...env },
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  if (child.pid === undefined) throw new Error(`${name} did not start`);
  running.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );
  return {
    name,
    child,
    pid: child.pid,
    logFile,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** What went wrong in a run, and the end of each service's log, on stderr. */
export function reportFailure(error: unknown, services: readonly Service[]): void {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  for (const service of services) process.stderr.write(`--- ${service.name} log tail ---\n${logTail(service)}\n`);
}

export function logTail(service: Service, lines = 30): string {
  try {
    return fs.readFileSync(service.logFile, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Waits until `url` answers 2xx, failing early when the service exits. */
export async function waitReady(service: Service, url: string, init?: RequestInit, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (service.child.exitCode !== null) throw new Error(`${service.name} exited early:\n${logTail(service)}`);
    const ok = await fetch(url, { ...init, signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${service.name} did not become ready at ${url}:\n${logTail(service)}`);
    await sleep(100);
  }
}

export interface StackPorts {
  gateway: number;
  subgraphs: Record<SubgraphName, number>;
  bridge: Record<SubgraphName, number>;
}

export async function choosePorts(): Promise<StackPorts> {
  const subgraphs = {} as Record<SubgraphName, number>;
  const bridge = {} as Record<SubgraphName, number>;
  for (const name of SUBGRAPHS) subgraphs[name] = await freePort();
  for (const name of SUBGRAPHS) bridge[name] = await freePort();
  return { gateway: await freePort(), subgraphs, bridge };
}

export interface StackOptions {
  dataDir: string;
  logDir: string;
  ports: StackPorts;
  /** Extra settings for every service (LOG_LEVEL, NODE_ENV, ...). */
  env: Record<string, string>;
}

/** As in production, the gateway does not count the bridge's calls against its rate limit. */
const BRIDGE_SHARED_SECRET = randomBytes(24).toString('base64url');

/** The environment every service of the stack reads its settings from. */
export function stackEnv({ dataDir, ports, env }: StackOptions): Record<string, string> {
  const settings: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    DATA_DIR: dataDir,
    SUBGRAPH_HOST: '127.0.0.1',
    GATEWAY_HOST: '127.0.0.1',
    BRIDGE_HOST: '127.0.0.1',
    GATEWAY_PORT: String(ports.gateway),
    GATEWAY_URL: `http://127.0.0.1:${ports.gateway}/graphql`,
    PUBLIC_BASE_URL: `http://127.0.0.1:${ports.gateway}`,
    BRIDGE_SHARED_SECRET,
  };
  for (const name of SUBGRAPHS) {
    const upper = name.toUpperCase();
    settings[`${upper}_SUBGRAPH_PORT`] = String(ports.subgraphs[name]);
    settings[`${upper}_SUBGRAPH_URL`] = `http://127.0.0.1:${ports.subgraphs[name]}/graphql`;
    settings[`BRIDGE_${upper}_PORT`] = String(ports.bridge[name]);
  }
  // BRIDGE_LIST_PAGE_SIZE too, to compare the list's page sizes on one build.
  for (const key of ['MONGODB_URI', 'MONGODB_DB', 'MONGODB_WRITE_CONCERN', 'BRIDGE_LIST_PAGE_SIZE']) {
    const value = process.env[key];
    if (value) settings[key] = value;
  }
  return { ...settings, ...env };
}

export const usesMongo = () => Boolean(process.env.MONGODB_URI);

/**
 * The subgraphs: on the embedded store one process holds the store and serves all four (the store
 * belongs to one process); on MongoDB each subgraph runs its own `main.js`.
 */
export async function startSubgraphs(options: StackOptions): Promise<Service[]> {
  const env = stackEnv(options);
  const services = usesMongo()
    ? SUBGRAPHS.map((name) =>
        startService(
          `subgraph-${name}`,
          path.join(ROOT, 'subgraphs', name, 'dist', 'main.js'),
          [],
          env,
          options.logDir,
        ),
      )
    : [startService('subgraphs', path.join(DIST, 'subgraphHost.js'), [], env, options.logDir)];
  for (const name of SUBGRAPHS) {
    const service = services.length === 1 ? services[0] : services[SUBGRAPHS.indexOf(name)];
    if (service) await waitReady(service, `http://127.0.0.1:${options.ports.subgraphs[name]}/readyz`);
  }
  return services;
}

export async function startGateway(options: StackOptions): Promise<Service> {
  const service = startService(
    'gateway',
    path.join(ROOT, 'gateway', 'dist', 'main.js'),
    [],
    stackEnv(options),
    options.logDir,
  );
  await waitReady(service, `http://127.0.0.1:${options.ports.gateway}/readyz`);
  return service;
}

export async function startBridge(options: StackOptions): Promise<Service> {
  const service = startService(
    'bridge',
    path.join(ROOT, 'rest-bridge', 'dist', 'main.js'),
    [],
    stackEnv(options),
    options.logDir,
  );
  for (const name of SUBGRAPHS) await waitReady(service, `http://127.0.0.1:${options.ports.bridge[name]}/readyz`);
  return service;
}

/** Fills the store with people 0..count-1 (or from..count-1) in a child process, before or beside the stack. */
export async function seed(options: StackOptions, from: number, count: number): Promise<number> {
  const started = Date.now();
  const seeder = startService(
    'seed',
    path.join(DIST, 'seed.js'),
    [String(from), String(count)],
    stackEnv(options),
    options.logDir,
  );
  log(`seeding ${count - from} people`);
  // The seeder writes its progress to its log; relay the latest line now and then.
  const relay = setInterval(() => {
    const last = logTail(seeder, 2).trim().split('\n').pop();
    if (last) log(`seed: ${last}`);
  }, 5000);
  const code = await new Promise<number | null>((resolve) => seeder.child.once('exit', resolve));
  clearInterval(relay);
  if (code !== 0) throw new Error(`seeding failed:\n${logTail(seeder)}`);
  log(`seed: ${logTail(seeder, 2).trim().split('\n').pop() ?? 'done'}`);
  return Date.now() - started;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export function fmt(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}
