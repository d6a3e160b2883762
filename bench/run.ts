/**
 * `npm run bench [-- --quick] [-- --seconds N]`: starts the stack as separate processes, seeds
 * it, drives each scenario (below) with autocannon in its own process, and prints one
 * Markdown table (also written as JSON under bench/results/).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  DIST,
  MB,
  RESULTS_DIR,
  ROOT,
  choosePorts,
  cpuMs,
  describeNodeOptions,
  fmt,
  log,
  reportFailure,
  rssBytes,
  sampleRss,
  seed,
  startBridge,
  startGateway,
  startSubgraphs,
  usesMongo,
  waitReady,
  type Service,
  type StackOptions,
  runLoadGenerator,
} from './common';
import type { LoadResult, LoadSpec } from './load';
import { CREATE_ID_BASE } from './people';
import { processTree, startLauncher } from './launcher';
import { startFloor, startHiveGateway, startHiveRouter, startNodeProxy } from './peers';

interface Options {
  quick: boolean;
  seconds: number;
  warmupSeconds: number;
  concurrencies: number[];
  listSizes: [number, number];
  /** Creates per synchronous setting in the durability probe. */
  durabilityCreates: number;
  /** `--list-only`: scenario 4 alone (for memory work). */
  listOnly: boolean;
}

function parseOptions(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const value = (name: string): string | undefined => {
    const index = argv.findIndex((arg) => arg === name || arg.startsWith(`${name}=`));
    if (index < 0) return undefined;
    const arg = argv[index] ?? '';
    return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[index + 1];
  };
  const seconds = Number(value('--seconds') ?? process.env.BENCH_SECONDS ?? (quick ? 1 : 8));
  const list = (value('--list') ?? process.env.BENCH_LIST ?? (quick ? '5000,10000' : '100000,200000'))
    .split(',')
    .map(Number);
  return {
    quick,
    seconds,
    warmupSeconds: quick ? 0.3 : 2,
    concurrencies: [1, 16, 64],
    listSizes: [list[0] ?? 100_000, list[1] ?? 200_000],
    durabilityCreates: quick ? 200 : 2000,
    listOnly: argv.includes('--list-only'),
  };
}

interface Run {
  scenario: string;
  target: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
  /** CPU ms per request of each process involved, from its own counters over the run. */
  cpuMsPerRequest: Record<string, number>;
}

interface ListRun {
  people: number;
  expected: number;
  status: number;
  seconds: number;
  firstByteMs: number;
  peoplePerSecond: number;
  megabytes: number;
  /** RSS right before the request and its peak during it, MB, per process. */
  rssBaselineMb: Record<string, number>;
  rssPeakMb: Record<string, number>;
  rssGrowthMb: Record<string, number>;
}

/** Runs the load generator in its own process and reads each process's CPU counters around it. */
async function drive(
  spec: LoadSpec,
  pids: Record<string, number>,
): Promise<{ result: LoadResult; cpu: Record<string, number> }> {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid)]));
  const result = await runLoadGenerator(spec);
  const cpu = Object.fromEntries(
    Object.entries(pids).map(([name, pid]) => [
      name,
      (cpuMs(pid) - (before[name] ?? 0)) / Math.max(1, result.requests),
    ]),
  );
  return { result, cpu };
}

async function measure(
  options: Options,
  scenario: string,
  target: string,
  spec: Omit<LoadSpec, 'connections' | 'seconds'>,
  connections: number,
  pids: Record<string, number>,
): Promise<Run> {
  // Warm-up (JIT, connection pools, caches) is not counted; its creates use other ids.
  const generate =
    spec.generate?.kind === 'create' ? { ...spec.generate, idBase: spec.generate.idBase + 5_000_000 } : spec.generate;
  // At concurrency 1 a short warm-up serves too few requests to warm the JIT: it gets at least 1 s.
  const warmup = connections === 1 ? Math.max(1, options.warmupSeconds) : options.warmupSeconds;
  await drive({ ...spec, ...(generate ? { generate } : {}), connections, seconds: warmup }, {});
  const { result, cpu } = await drive({ ...spec, connections, seconds: options.seconds }, pids);
  const run: Run = {
    scenario,
    target,
    connections,
    rps: result.rps,
    p50: result.p50,
    p99: result.p99,
    // A measurement in which no request completed (all still in flight at its end) failed too.
    errors: result.errors + result.non2xx + result.mismatches + (result.requests === 0 ? connections : 0),
    requests: result.requests,
    cpuMsPerRequest: cpu,
  };
  log(
    `${scenario} ${target} c=${connections}: ${fmt(run.rps, 0)} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms, errors ${run.errors}` +
      `, CPU ms/req ${Object.entries(cpu)
        .map(([name, ms]) => `${name} ${fmt(ms, 3)}`)
        .join(', ')}`,
  );
  return run;
}

/** `GET /` on the bridge: time to first and last byte, people counted in the stream, RSS sampled every 100 ms. */
function listEveryone(url: string, expected: number, pids: Record<string, number>): Promise<ListRun> {
  const baseline = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, rssBytes(pid)]));
  const sampler = sampleRss(pids, 100);
  const started = process.hrtime.bigint();
  const elapsedMs = () => Number(process.hrtime.bigint() - started) / 1e6;
  const pattern = '"document_id":';
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let firstByteMs = -1;
        let bytes = 0;
        let people = 0;
        let tail = '';
        res.on('data', (chunk: Buffer) => {
          if (firstByteMs < 0) firstByteMs = elapsedMs();
          bytes += chunk.length;
          const text = tail + chunk.toString('latin1');
          for (let at = text.indexOf(pattern); at >= 0; at = text.indexOf(pattern, at + pattern.length)) people += 1;
          tail = text.slice(-(pattern.length - 1));
        });
        res.once('error', reject);
        res.once('end', () => {
          const seconds = elapsedMs() / 1000;
          const peaks = sampler.stop();
          const toMb = (record: Record<string, number>) =>
            Object.fromEntries(Object.entries(record).map(([name, value]) => [name, value / MB]));
          resolve({
            people,
            expected,
            status: res.statusCode ?? 0,
            seconds,
            firstByteMs,
            peoplePerSecond: people / seconds,
            megabytes: bytes / MB,
            rssBaselineMb: toMb(baseline),
            rssPeakMb: toMb(peaks),
            rssGrowthMb: toMb(
              Object.fromEntries(Object.keys(pids).map((name) => [name, (peaks[name] ?? 0) - (baseline[name] ?? 0)])),
            ),
          });
        });
      })
      .once('error', reject);
  });
}

/** Creates/s on the embedded store's own settings (synchronous = FULL) against NORMAL, in a child process. */
async function durability(count: number, workDir: string): Promise<Record<string, number>> {
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(DIST, 'durability.js'), String(count), workDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`durability probe exited ${String(code)}`)),
    );
  });
  return JSON.parse(output) as Record<string, number>;
}

/** The bare Node proxy in front of the gateway: its process name, and its run's scenario and target. */
const GATEWAY_HOP = 'gateway-hop';
const HOP_CEILING = ['2 hop ceiling', 'bare Node proxy → gateway'] as const;

function cpuCell(run: Run | undefined, name: string): string {
  const value = run?.cpuMsPerRequest[name];
  return value === undefined ? '' : fmt(value, 3);
}

/** CPU ms per request of every process the run involved, together. */
function totalCpu(run: Run): number {
  return Object.values(run.cpuMsPerRequest).reduce((sum, ms) => sum + ms, 0);
}

function ratio(a: number | undefined, b: number | undefined): number {
  return a !== undefined && b !== undefined && b > 0 ? a / b : NaN;
}

interface Report {
  date: string;
  mode: 'quick' | 'full';
  store: 'embedded' | 'mongodb';
  cores: number;
  cpuModel: string;
  node: string;
  /** Which processes ran with which NODE_OPTIONS. */
  nodeOptions: string;
  options: Options;
  seedMs: number[];
  runs: Run[];
  lists: ListRun[];
  durability?: Record<string, number>;
  targets: { name: string; value: string; met: boolean }[];
}

function markdown(report: Report, subgraphName: string): string {
  const lines: string[] = [];
  const find = (scenario: string, target: string, c: number) =>
    report.runs.find((run) => run.scenario === scenario && run.target === target && run.connections === c);
  lines.push(
    `### Benchmark, ${report.mode} run, ${report.date}`,
    '',
    `${report.cores} cores (${report.cpuModel}), Node ${report.node}, ${report.store} store, loopback only, ` +
      `${report.options.seconds} s per measurement after ${report.options.warmupSeconds} s of warm-up. ` +
      'Absolute numbers on a shared machine are noisy: compare the ratios, each measured within this one run. ' +
      'CPU is each process’s own user+system time over the measurement divided by the requests served. ' +
      report.nodeOptions,
    '',
    '| scenario | target | conc. | req/s | p50 ms | p99 ms | errors | CPU ms/req: bridge (or the hop) | gateway (ours or a peer) | subgraphs (or floor) | all processes |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const run of report.runs) {
    const gatewayCpu =
      run.cpuMsPerRequest.gateway ??
      run.cpuMsPerRequest.hive ??
      run.cpuMsPerRequest['hive-router'] ??
      run.cpuMsPerRequest['node-proxy'];
    const storeCpu = run.cpuMsPerRequest[subgraphName] ?? run.cpuMsPerRequest.floor;
    lines.push(
      `| ${run.scenario} | ${run.target} | ${run.connections} | ${fmt(run.rps, 0)} | ${run.p50} | ${run.p99} | ${run.errors} | ` +
        `${cpuCell(run, run.cpuMsPerRequest.bridge === undefined ? GATEWAY_HOP : 'bridge')} | ${gatewayCpu === undefined ? '' : fmt(gatewayCpu, 3)} | ` +
        `${storeCpu === undefined ? '' : fmt(storeCpu, 3)} | ${fmt(totalCpu(run), 3)} |`,
    );
  }
  lines.push(
    '',
    '| conc. | gateway ÷ read subgraph (req/s) | gateway ÷ Hive Gateway (req/s) | bridge ÷ gateway (req/s) | bare hop ÷ gateway (req/s) | gateway CPU ÷ subgraph CPU per request | gateway CPU ÷ Hive Router CPU per request |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const c of report.options.concurrencies) {
    const sub = find('1 person', 'read subgraph, direct', c);
    const gw = find('1 person', 'gateway', c);
    const hive = find('5 peer', 'Hive Gateway', c);
    const router = find('5 peer', 'Hive Router', c);
    const bridge = find('2 REST GET /{id}', 'bridge', c);
    const hop = find(...HOP_CEILING, c);
    lines.push(
      `| ${c} | ${fmt(ratio(gw?.rps, sub?.rps), 2)} | ${fmt(ratio(gw?.rps, hive?.rps), 2)} | ${fmt(ratio(bridge?.rps, gw?.rps), 2)} | ` +
        `${fmt(ratio(hop?.rps, gw?.rps), 2)} | ` +
        `${fmt(ratio(gw?.cpuMsPerRequest.gateway, gw?.cpuMsPerRequest[subgraphName]), 2)} | ` +
        `${fmt(ratio(gw?.cpuMsPerRequest.gateway, router?.cpuMsPerRequest['hive-router']), 2)} |`,
    );
  }
  lines.push(
    '',
    'Each path as a share of the floor (one process answering `GET /{id}` straight from the DAO): its req/s ÷ the floor’s, and the floor’s CPU per request ÷ all of its processes’ together.',
    '',
    '| conc. | read subgraph, direct | gateway | Hive Gateway | Hive Router | REST bridge | CPU: REST bridge path |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const c of report.options.concurrencies) {
    const floor = find('0 floor', 'DAO over HTTP, one process', c);
    const share = (run: Run | undefined) => fmt(ratio(run?.rps, floor?.rps), 2);
    const bridge = find('2 REST GET /{id}', 'bridge', c);
    lines.push(
      `| ${c} | ${share(find('1 person', 'read subgraph, direct', c))} | ${share(find('1 person', 'gateway', c))} | ` +
        `${share(find('5 peer', 'Hive Gateway', c))} | ${share(find('5 peer', 'Hive Router', c))} | ${share(bridge)} | ` +
        `${fmt(ratio(floor ? totalCpu(floor) : undefined, bridge ? totalCpu(bridge) : undefined), 2)} |`,
    );
  }
  lines.push(
    '',
    '| GET / over | status | people streamed | time to first byte | time to last byte | people/s | MB of JSON | RSS growth (peak − before), MB: bridge | gateway | read subgraph |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const list of report.lists) {
    const growth = (name: string) =>
      `${fmt(list.rssGrowthMb[name] ?? NaN, 1)} (${fmt(list.rssBaselineMb[name] ?? NaN, 0)}→${fmt(list.rssPeakMb[name] ?? NaN, 0)})`;
    lines.push(
      `| ${list.expected.toLocaleString('en-US')} | ${list.status} | ${list.people.toLocaleString('en-US')} | ${fmt(list.firstByteMs, 0)} ms | ` +
        `${fmt(list.seconds, 2)} s | ${fmt(list.peoplePerSecond, 0)} | ${fmt(list.megabytes, 1)} | ${growth('bridge')} | ${growth('gateway')} | ${growth(subgraphName)} |`,
    );
  }
  if (report.durability) {
    const d = report.durability;
    lines.push(
      '',
      `Embedded store durability: ${fmt(d.fullPerSecond ?? NaN, 0)} single-row commits/s with synchronous = FULL (shipped) ` +
        `against ${fmt(d.normalPerSecond ?? NaN, 0)}/s with NORMAL (${String(d.count)} creates each, WAL, same schema).`,
    );
  }
  lines.push('', '| target | measured | met |', '| --- | --- | :---: |');
  for (const target of report.targets)
    lines.push(`| ${target.name} | ${target.value} | ${target.met ? 'yes' : 'no'} |`);
  return `${lines.join('\n')}\n`;
}

function targets(report: Report, subgraphName: string): Report['targets'] {
  const at = (scenario: string, target: string) =>
    report.options.concurrencies.map((c) =>
      report.runs.find((run) => run.scenario === scenario && run.target === target && run.connections === c),
    );
  const gateway = at('1 person', 'gateway');
  const hive = at('5 peer', 'Hive Gateway');
  const router = at('5 peer', 'Hive Router');
  const bridge = at('2 REST GET /{id}', 'bridge');
  const list = (values: number[], digits = 2) => values.map((v) => fmt(v, digits)).join(' / ');
  const vsHive = gateway.map((run, i) => ratio(run?.rps, hive[i]?.rps));
  const cpu = gateway.map((run) => ratio(run?.cpuMsPerRequest.gateway, run?.cpuMsPerRequest[subgraphName]));
  const vsRouter = gateway.map((run, i) =>
    ratio(run?.cpuMsPerRequest.gateway, router[i]?.cpuMsPerRequest['hive-router']),
  );
  const bridgeRatio = bridge.map((run, i) => ratio(run?.rps, gateway[i]?.rps));
  const hop = at(...HOP_CEILING);
  const hopRatio = hop.map((run, i) => ratio(run?.rps, gateway[i]?.rps));
  const restCpu = bridge.map((run) => (run ? totalCpu(run) : NaN));
  const hopCpu = hop.map((run) => (run ? totalCpu(run) : NaN));
  const [small, large] = report.lists;
  const growth = (name: string) => Math.max(...report.lists.map((l) => l.rssGrowthMb[name] ?? Infinity));
  const timeRatio = small && large ? large.seconds / small.seconds : NaN;
  const errors = report.runs.reduce((sum, run) => sum + run.errors, 0);
  const listErrors = report.lists.filter((l) => l.status !== 200 || l.people !== l.expected).length;
  const c = report.options.concurrencies.join(' / ');
  return [
    { name: `gateway ≥ 1.0× Hive Gateway req/s (c = ${c})`, value: list(vsHive), met: vsHive.every((v) => v >= 1) },
    {
      name: `gateway CPU/request ≤ 2× read subgraph's (c = ${c})`,
      value: list(cpu),
      met: cpu.every((v) => v <= 2),
    },
    {
      name: `gateway CPU/request ≤ 2× Hive Router's (c = ${c})`,
      value: router.some(Boolean) ? list(vsRouter) : 'Hive Router not built',
      met: router.some(Boolean) && vsRouter.every((v) => v <= 2),
    },
    {
      name: `bridge ≥ 0.9× gateway req/s (c = ${c})`,
      value: `${list(bridgeRatio)} (a bare Node hop in its place: ${list(hopRatio)})`,
      met: bridgeRatio.every((v) => v >= 0.9),
    },
    {
      name: `CPU per REST GET /{id}, all processes ≤ 0.5 ms (c = ${c})`,
      value: `${list(restCpu, 3)} (a bare Node hop in the bridge's place: ${list(hopCpu, 3)})`,
      met: restCpu.every((v) => v <= 0.5),
    },
    {
      name: `list: RSS growth < 64 MB (bridge, gateway)`,
      value: `${fmt(growth('bridge'), 1)} MB, ${fmt(growth('gateway'), 1)} MB`,
      met: growth('bridge') < 64 && growth('gateway') < 64,
    },
    {
      name: `list: GET / over ${small?.expected ?? '?'} people ≤ 1.5 s`,
      value: `${fmt(small?.seconds ?? NaN, 2)} s`,
      met: (small?.seconds ?? Infinity) <= 1.5,
    },
    {
      name: `list: ${large?.expected ?? '?'} people ≤ 2.2× the time of ${small?.expected ?? '?'}`,
      value: `${fmt(timeRatio, 2)}×`,
      met: timeRatio <= 2.2,
    },
    { name: 'no errors in any scenario', value: `${errors + listErrors}`, met: errors + listErrors === 0 },
  ];
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-bench-'));
  const stack: StackOptions = {
    dataDir: path.join(workDir, 'data'),
    logDir: path.join(workDir, 'logs'),
    ports: await choosePorts(),
    env: {
      // Per-client rate limiting stays on (its cost is measured) but never trips: one client here is all the load.
      RATE_LIMIT_PER_MINUTE: '100000000',
      // What production runs by default (an access-log line per request); BENCH_LOG_LEVEL=warn measures without.
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      ...(usesMongo() ? { MONGODB_DB: `people_bench_${Date.now()}` } : {}),
    },
  };
  const services: Service[] = [];
  const stopAll = async () => {
    for (const service of services.splice(0).reverse()) await service.stop();
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  const report: Report = {
    date: new Date().toISOString(),
    mode: options.quick ? 'quick' : 'full',
    store: usesMongo() ? 'mongodb' : 'embedded',
    cores: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    nodeOptions: describeNodeOptions(['gateway', 'bridge', usesMongo() ? 'subgraph-read' : 'subgraphs']),
    options,
    seedMs: [],
    runs: [],
    lists: [],
    targets: [],
  };
  const subgraphName = usesMongo() ? 'subgraph-read' : 'subgraphs';
  /** REST `GET /{id}` at `url`, a different seeded person each time, at every concurrency. */
  const measureRestReads = async (scenario: string, target: string, url: string, pids: Record<string, number>) => {
    for (const c of options.concurrencies) {
      const spec = { url, method: 'GET', generate: { kind: 'rest-person', idCount: options.listSizes[0] } } as const;
      report.runs.push(await measure(options, scenario, target, spec, c, pids));
    }
  };
  let failed = false;
  try {
    const [small, large] = options.listSizes;
    log(`seeding ${small} people (${report.store} store)`);
    report.seedMs.push(await seed(stack, 0, small));
    let subgraphs = await startSubgraphs(stack);
    services.push(...subgraphs);
    const gateway = await startGateway(stack);
    services.push(gateway);
    const bridge = await startBridge(stack);
    services.push(bridge);
    const subgraphPid = () => (subgraphs.find((s) => s.name === subgraphName) ?? subgraphs[0])?.pid ?? 0;
    log(`stack up: subgraphs ${subgraphs.map((s) => s.pid).join(',')}, gateway ${gateway.pid}, bridge ${bridge.pid}`);

    // 4. The whole list, at two sizes.
    const listUrl = `http://127.0.0.1:${stack.ports.bridge.read}/`;
    const listPids = () => ({ bridge: bridge.pid, gateway: gateway.pid, [subgraphName]: subgraphPid() });
    await listEveryone(`http://127.0.0.1:${stack.ports.bridge.read}/?limit=100`, 100, listPids()); // warm-up
    report.lists.push(await listEveryone(listUrl, small, listPids()));
    log(`GET / over ${small}: ${fmt(report.lists[0]?.seconds ?? NaN, 2)} s`);
    log(`seeding people ${small}..${large}`);
    if (usesMongo()) {
      report.seedMs.push(await seed(stack, small, large));
    } else {
      // The embedded store belongs to one process: stop the subgraphs, seed, start them again.
      for (const service of subgraphs) {
        await service.stop();
        services.splice(services.indexOf(service), 1);
      }
      report.seedMs.push(await seed(stack, small, large));
      subgraphs = await startSubgraphs(stack);
      services.unshift(...subgraphs);
      await waitReady(gateway, `http://127.0.0.1:${stack.ports.gateway}/readyz`);
      // The restarted subgraphs get the warm-up the first list had, so both sizes start alike.
      await listEveryone(`http://127.0.0.1:${stack.ports.bridge.read}/?limit=100`, 100, listPids());
    }
    report.lists.push(await listEveryone(listUrl, large, listPids()));
    log(`GET / over ${large}: ${fmt(report.lists[1]?.seconds ?? NaN, 2)} s`);

    if (!options.listOnly) {
      // 1, 2 and 5: one person by id, directly, through the gateway, through Hive Gateway, through the bridge.
      const hive = await startHiveGateway(stack, workDir);
      services.push(hive.service);
      const router = await startHiveRouter(stack, workDir);
      if (router) services.push(router.service);
      const nodeProxy = await startNodeProxy(stack);
      services.push(nodeProxy.service);
      const json = { 'content-type': 'application/json' };
      const subgraphUrl = `http://127.0.0.1:${stack.ports.subgraphs.read}/graphql`;
      const gatewayUrl = `http://127.0.0.1:${stack.ports.gateway}/graphql`;
      // The same bare proxy in front of the gateway: the most any process in front of it can serve.
      const gatewayHop = await startNodeProxy(stack, gatewayUrl, GATEWAY_HOP);
      services.push(gatewayHop.service);
      const graph = (url: string): Omit<LoadSpec, 'connections' | 'seconds'> => ({
        url,
        method: 'POST',
        headers: json,
        generate: { kind: 'graphql-person', idCount: small },
      });
      const bridgeGet: Omit<LoadSpec, 'connections' | 'seconds'> = {
        url: `http://127.0.0.1:${stack.ports.bridge.read}/`,
        method: 'GET',
        generate: { kind: 'rest-person', idCount: small },
      };
      let createBase = CREATE_ID_BASE;
      for (const c of options.concurrencies) {
        const sub = subgraphPid();
        report.runs.push(
          await measure(options, '1 person', 'read subgraph, direct', graph(subgraphUrl), c, { [subgraphName]: sub }),
        );
        report.runs.push(
          await measure(options, '1 person', 'gateway', graph(gatewayUrl), c, {
            gateway: gateway.pid,
            [subgraphName]: sub,
          }),
        );
        report.runs.push(
          await measure(options, '5 peer', 'Hive Gateway', graph(hive.url), c, {
            hive: hive.service.pid,
            [subgraphName]: sub,
          }),
        );
        if (router) {
          report.runs.push(
            await measure(options, '5 peer', 'Hive Router', graph(router.url), c, {
              'hive-router': router.service.pid,
              [subgraphName]: sub,
            }),
          );
        }
        report.runs.push(
          await measure(options, '5 peer', 'bare Node proxy', graph(nodeProxy.url), c, {
            'node-proxy': nodeProxy.service.pid,
            [subgraphName]: sub,
          }),
        );
        report.runs.push(
          await measure(options, '2 REST GET /{id}', 'bridge', bridgeGet, c, {
            bridge: bridge.pid,
            gateway: gateway.pid,
            [subgraphName]: sub,
          }),
        );
        report.runs.push(
          await measure(options, ...HOP_CEILING, graph(gatewayHop.url), c, {
            [GATEWAY_HOP]: gatewayHop.service.pid,
            gateway: gateway.pid,
            [subgraphName]: sub,
          }),
        );
      }
      // 3. Writes through the bridge: creates with unique ids, partial updates of seeded people.
      for (const c of options.concurrencies) {
        const pids = { bridge: bridge.pid, gateway: gateway.pid, [subgraphName]: subgraphPid() };
        createBase += 10_000_000;
        report.runs.push(
          await measure(
            options,
            '3 REST POST /',
            'bridge',
            {
              url: `http://127.0.0.1:${stack.ports.bridge.create}/`,
              method: 'POST',
              headers: json,
              generate: { kind: 'create', idBase: createBase },
            },
            c,
            pids,
          ),
        );
        report.runs.push(
          await measure(
            options,
            '3 REST PATCH /{id}',
            'bridge',
            {
              url: `http://127.0.0.1:${stack.ports.bridge.update}/`,
              method: 'PATCH',
              headers: json,
              generate: { kind: 'patch', idCount: small },
            },
            c,
            pids,
          ),
        );
      }
    }
    await stopAll();
    if (!options.listOnly && !usesMongo()) {
      // 6. npm start: the launcher and its workers, on the same store once the stack has let go of it.
      const launcher = await startLauncher(stack);
      services.push(launcher.service);
      await measureRestReads(
        '6 npm start',
        'REST GET /{id}',
        launcher.url,
        processTree(launcher.service.pid, 'npm-start'),
      );
      await stopAll();
    }
    if (!options.listOnly) {
      // 0. The floor, on the same store once the stack has let go of it (the embedded store is one process's).
      const floor = await startFloor(stack);
      services.push(floor.service);
      await measureRestReads('0 floor', 'DAO over HTTP, one process', floor.url, { floor: floor.service.pid });
      await stopAll();
    }
    if (!usesMongo() && !options.listOnly) report.durability = await durability(options.durabilityCreates, workDir);
  } catch (error) {
    failed = true;
    reportFailure(error, services);
  } finally {
    await stopAll();
  }
  if (failed) {
    process.stderr.write(`logs kept in ${workDir}\n`);
    process.exit(1);
  }
  report.targets = targets(report, subgraphName);
  const table = markdown(report, subgraphName);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `bench-${report.store}-${report.mode}-${report.date.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ ...report, table }, null, 2)}\n`);
  fs.rmSync(workDir, { recursive: true, force: true });
  process.stdout.write(`\n${table}\n`);
  log(`results written to ${path.relative(ROOT, file)}; took ${fmt((Date.now() - started) / 1000, 0)} s`);
}

void main();
