/**
 * `npm run bench:observability [-- --seconds N]`: what tracing and metrics cost per request. The
 * stack runs as separate processes four times over the same seeded store — with neither, with
 * metrics, with tracing (OTLP/HTTP protobuf, every span exported to a local sink), with both — and
 * each time serves one person by id through the bridge and through the gateway. Prints one
 * Markdown table (also written as JSON under bench/results/).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@people/testing';
import {
  RESULTS_DIR,
  SUBGRAPHS,
  choosePorts,
  cpuMs,
  fmt,
  log,
  reportFailure,
  seed,
  startBridge,
  startGateway,
  startSubgraphs,
  usesMongo,
  type Service,
  type StackOptions,
  runLoadGenerator,
} from './common';
import type { LoadResult, LoadSpec } from './load';

const PEOPLE = 1000;
const CONNECTIONS = 16;

const MODES = {
  off: {},
  metrics: { metrics: true },
  tracing: { tracing: true },
  'tracing + metrics': { tracing: true, metrics: true },
} as const satisfies Record<string, { tracing?: true; metrics?: true }>;
type Mode = keyof typeof MODES;

interface Row {
  mode: Mode;
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU ms per request, summed over the bridge, the gateway and the subgraphs. */
  cpuMsPerRequest: number;
}

/** A stand-in OTLP/HTTP collector: accepts every export and keeps nothing. */
async function startSink(): Promise<{ endpoint: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function modeEnv(mode: Mode, sinkEndpoint: string, metricsPorts: number[]): Record<string, string> {
  // No rate limit: the load comes from one address.
  const env: Record<string, string> = { LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0' };
  const wanted = MODES[mode] as { tracing?: true; metrics?: true };
  if (wanted.tracing) {
    env.OTEL_EXPORTER_OTLP_ENDPOINT = sinkEndpoint;
    // A queue deep enough that no span is dropped under load: the cost of all of them is measured.
    env.OTEL_BSP_MAX_QUEUE_SIZE = '100000';
    env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE = '2048';
    env.OTEL_BSP_SCHEDULE_DELAY = '1000';
  }
  if (wanted.metrics) {
    const names = ['GATEWAY', 'BRIDGE', ...SUBGRAPHS.map((name) => `${name.toUpperCase()}_SUBGRAPH`)];
    names.forEach((name, index) => (env[`${name}_METRICS_PORT`] = String(metricsPorts[index])));
  }
  return env;
}

/** Runs the load generator in its own process; CPU is read `settleMs` after it ends. */
async function drive(spec: LoadSpec, pids: number[], settleMs = 0): Promise<{ result: LoadResult; cpuMs: number }> {
  const before = pids.map(cpuMs);
  const result = await runLoadGenerator(spec);
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const used = pids.reduce((sum, pid, index) => sum + cpuMs(pid) - (before[index] ?? 0), 0);
  return { result, cpuMs: used / Math.max(1, result.requests) };
}

async function main(): Promise<void> {
  const flag = (name: string, fallback: number) => {
    const index = process.argv.indexOf(name);
    return index > 0 ? Number(process.argv[index + 1]) : fallback;
  };
  const seconds = flag('--seconds', 10);
  // Modes run in turn, forwards then backwards, so that a busy moment of the machine is shared out.
  const rounds = flag('--rounds', 2);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-bench-observability-'));
  const sink = await startSink();
  const rows: Row[] = [];
  const loadBefore = os.loadavg()[0] ?? 0;
  let services: Service[] = [];
  try {
    const seedStack: StackOptions = {
      dataDir: path.join(workDir, 'data'),
      logDir: path.join(workDir, 'logs'),
      ports: await choosePorts(),
      env: {},
    };
    log(`seeding ${PEOPLE} people (${usesMongo() ? 'MongoDB' : 'embedded'} store)`);
    await seed(seedStack, 0, PEOPLE);
    const order = Object.keys(MODES) as Mode[];
    const runs = Array.from({ length: rounds }, (_, round) => (round % 2 === 0 ? order : [...order].reverse())).flat();
    for (const mode of runs) {
      const ports = await choosePorts();
      const metricsPorts: number[] = [];
      for (let i = 0; i < 2 + SUBGRAPHS.length; i += 1) metricsPorts.push(await freePort());
      const stack: StackOptions = { ...seedStack, ports, env: modeEnv(mode, sink.endpoint, metricsPorts) };
      services = [...(await startSubgraphs(stack))];
      services.push(await startGateway(stack), await startBridge(stack));
      const pids = services.map((service) => service.pid);
      const scenarios: [string, Omit<LoadSpec, 'connections' | 'seconds'>][] = [
        [
          'REST GET /{id} (bridge → gateway → read)',
          {
            url: `http://127.0.0.1:${ports.bridge.read}/`,
            method: 'GET',
            generate: { kind: 'rest-person', idCount: PEOPLE },
          },
        ],
        [
          'GraphQL person (gateway → read)',
          {
            url: `http://127.0.0.1:${ports.gateway}/graphql`,
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            generate: { kind: 'graphql-person', idCount: PEOPLE },
          },
        ],
      ];
      for (const [scenario, spec] of scenarios) {
        await drive({ ...spec, connections: CONNECTIONS, seconds: Math.min(3, seconds) }, pids); // warm-up
        // Let the warm-up's spans leave before the measured run starts, and the run's before the
        // CPU counters are read: exporting them is part of the cost.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const { result, cpuMs: cpu } = await drive({ ...spec, connections: CONNECTIONS, seconds }, pids, 1500);
        rows.push({
          mode,
          scenario,
          rps: result.rps,
          p50: result.p50,
          p99: result.p99,
          errors: result.errors + result.non2xx,
          cpuMsPerRequest: cpu,
        });
        log(`${mode} / ${scenario}: ${fmt(result.rps, 0)} req/s, ${fmt(cpu, 2)} CPU ms per request`);
      }
      for (const service of services.reverse()) await service.stop();
      services = [];
    }
  } catch (error) {
    reportFailure(error, services);
    process.exitCode = 1;
  } finally {
    for (const service of services) await service.stop();
    await sink.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  if (process.exitCode) return;
  const mean = (mode: Mode, scenario: string): Row | undefined => {
    const of = rows.filter((row) => row.mode === mode && row.scenario === scenario);
    if (of.length === 0) return undefined;
    const average = (pick: (row: Row) => number) => of.reduce((sum, row) => sum + pick(row), 0) / of.length;
    return {
      mode,
      scenario,
      rps: average((row) => row.rps),
      p50: average((row) => row.p50),
      p99: average((row) => row.p99),
      errors: of.reduce((sum, row) => sum + row.errors, 0),
      cpuMsPerRequest: average((row) => row.cpuMsPerRequest),
    };
  };
  const scenarios = [...new Set(rows.map((row) => row.scenario))];
  const table = scenarios.flatMap((scenario) =>
    (Object.keys(MODES) as Mode[]).flatMap((mode) => mean(mode, scenario) ?? []),
  );
  const off = (scenario: string) => mean('off', scenario);
  const lines = [
    `${os.cpus().length} CPUs, Node ${process.version}, ${usesMongo() ? 'MongoDB' : 'embedded'} store, ${CONNECTIONS} connections, ${seconds} s per run, mean of ${rounds} runs per mode; load average ${fmt(loadBefore, 1)} before, ${fmt(os.loadavg()[0] ?? 0, 1)} after (a figure well above the CPU count means other work shared the machine)`,
    '',
    '| scenario | mode | req/s | vs off | p50 ms | p99 ms | CPU ms / request | vs off | errors |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...table.map((row) => {
      const base = off(row.scenario);
      return `| ${row.scenario} | ${row.mode} | ${fmt(row.rps, 0)} | ${fmt(row.rps / (base?.rps ?? NaN), 2)}× | ${fmt(row.p50)} | ${fmt(row.p99)} | ${fmt(row.cpuMsPerRequest, 2)} | ${fmt(row.cpuMsPerRequest - (base?.cpuMsPerRequest ?? NaN), 2)} | ${row.errors} |`;
    }),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(
    path.join(RESULTS_DIR, `observability-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
    JSON.stringify({ seconds, rounds, connections: CONNECTIONS, rows }, null, 2),
  );
}

// Ctrl-C still stops every service (common.ts kills them on exit).
process.once('SIGINT', () => process.exit(130));
void main();
