/**
 * `npm run soak [-- --seconds N] [-- --concurrency N]` (or SOAK_SECONDS): the stack as separate
 * processes under mixed load (create, read, list, update, photo upload, delete) for a bounded time.
 * Reports errors (must be 0), latency percentiles, and each process's resident memory: at the start,
 * its median over the second and over the last fifth of the run (single samples swing with GC), and
 * its peak. Exits 1 on any error.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DIST,
  MB,
  RESULTS_DIR,
  ROOT,
  choosePorts,
  describeNodeOptions,
  fmt,
  log,
  reportFailure,
  rssBytes,
  seed,
  sleep,
  startBridge,
  startGateway,
  startSubgraphs,
  usesMongo,
  type Service,
  type StackOptions,
} from './common';
import type { SoakResult, SoakSpec } from './soakLoad';

type RssSample = { t: number; rssMb: Record<string, number> };

/** Each process's median RSS over the samples taken from `fromS` (inclusive) to `toS` (exclusive). */
function medianRss(samples: readonly RssSample[], fromS: number, toS: number): Record<string, number> {
  const window = samples.filter((sample) => sample.t >= fromS && sample.t < toS);
  const names = new Set(window.flatMap((sample) => Object.keys(sample.rssMb)));
  return Object.fromEntries(
    [...names].map((name) => {
      const sorted = window.map((sample) => sample.rssMb[name] ?? 0).sort((a, b) => a - b);
      return [name, sorted[Math.floor(sorted.length / 2)] ?? NaN];
    }),
  );
}

function option(argv: string[], name: string): string | undefined {
  const index = argv.findIndex((arg) => arg === name || arg.startsWith(`${name}=`));
  if (index < 0) return undefined;
  const arg = argv[index] ?? '';
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[index + 1];
}

const SEEDED = 1000;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const seconds = Number(option(argv, '--seconds') ?? process.env.SOAK_SECONDS ?? 300);
  const concurrency = Number(option(argv, '--concurrency') ?? process.env.SOAK_CONCURRENCY ?? 8);
  if (!(seconds > 0 && seconds <= 24 * 3600) || !(concurrency >= 1 && concurrency <= 256)) {
    throw new Error('--seconds must be 1..86400 and --concurrency 1..256');
  }
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-soak-'));
  const stack: StackOptions = {
    dataDir: path.join(workDir, 'data'),
    logDir: path.join(workDir, 'logs'),
    ports: await choosePorts(),
    env: {
      RATE_LIMIT_PER_MINUTE: '100000000',
      ...(usesMongo() ? { MONGODB_DB: `people_soak_${Date.now()}` } : {}),
    },
  };
  const services: Service[] = [];
  const stopAll = async () => {
    for (const service of services.splice(0).reverse()) await service.stop();
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  let failed = false;
  try {
    await seed(stack, 0, SEEDED);
    services.push(...(await startSubgraphs(stack)));
    services.push(await startGateway(stack));
    services.push(await startBridge(stack));
    const memory = () => Object.fromEntries(services.map((s) => [s.name, rssBytes(s.pid) / MB]));
    const atStart = memory();
    const samples: RssSample[] = [];
    log(`soak: ${seconds} s at concurrency ${concurrency} (${usesMongo() ? 'mongodb' : 'embedded'} store)`);
    const spec: SoakSpec = {
      ports: stack.ports.bridge,
      seconds,
      concurrency,
      idBase: 7_000_000_000,
    };
    const started = Date.now();
    const sampler = setInterval(() => samples.push({ t: (Date.now() - started) / 1000, rssMb: memory() }), 5000);
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(DIST, 'soakLoad.js'), JSON.stringify(spec)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.once('exit', (code) =>
        code === 0 ? resolve(text) : reject(new Error(`soak load exited ${String(code)}`)),
      );
    });
    clearInterval(sampler);
    await sleep(200);
    const atEnd = memory();
    const result = JSON.parse(output.trim().split('\n').pop() ?? '{}') as SoakResult;
    // Medians over a window, because one sample lands anywhere in a GC cycle: the second fifth of
    // the run (after warm-up, once V8 has sized its heaps) against the last fifth.
    const fifth = seconds / 5;
    const warm = medianRss(samples, fifth, 2 * fifth);
    const late = medianRss(samples, 4 * fifth, Infinity);
    const peak = Object.fromEntries(
      Object.keys(atStart).map((name) => [name, Math.max(atEnd[name] ?? 0, ...samples.map((s) => s.rssMb[name] ?? 0))]),
    );

    const lines = [
      `### Soak, ${new Date().toISOString()}`,
      '',
      `${seconds} s of mixed load at concurrency ${concurrency}, ${os.availableParallelism()} cores, Node ${process.version}, ` +
        `${usesMongo() ? 'MongoDB' : 'embedded'} store, ${SEEDED} people seeded; each iteration creates, reads, lists ` +
        '(a page of 50; every 25th the whole list), updates, uploads a photo (PNG) and deletes one person through the REST bridge. ' +
        describeNodeOptions(['gateway', 'bridge', usesMongo() ? 'subgraph-read' : 'subgraphs']),
      '',
      `${result.iterations} iterations, ${result.requests} requests, **${result.errors} errors**.`,
      '',
      '| step | count | p50 ms | p90 ms | p99 ms | max ms |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...Object.entries(result.latency).map(
        ([name, l]) => `| ${name} | ${l.count} | ${l.p50} | ${l.p90} | ${l.p99} | ${l.max} |`,
      ),
      '',
      `| process | RSS at start, MB | median ${fmt(fifth, 0)}–${fmt(2 * fifth, 0)} s | median ${fmt(4 * fifth, 0)}–${fmt(seconds, 0)} s | late − early | peak |`,
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...Object.keys(atStart).map(
        (name) =>
          `| ${name} | ${fmt(atStart[name] ?? NaN)} | ${fmt(warm[name] ?? NaN)} | ${fmt(late[name] ?? NaN)} | ` +
          `${fmt((late[name] ?? NaN) - (warm[name] ?? NaN))} | ${fmt(peak[name] ?? NaN)} |`,
      ),
    ];
    if (result.errorSamples.length > 0) lines.push('', 'First errors:', ...result.errorSamples.map((e) => `- ${e}`));
    const table = `${lines.join('\n')}\n`;
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(
      file,
      `${JSON.stringify({ seconds, concurrency, result, atStart, warm, late, peak, atEnd, samples, table }, null, 2)}\n`,
    );
    process.stdout.write(`\n${table}\n`);
    log(`results written to ${path.relative(ROOT, file)}`);
    if (result.errors > 0) failed = true;
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
  fs.rmSync(workDir, { recursive: true, force: true });
}

void main();
