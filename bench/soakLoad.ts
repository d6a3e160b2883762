/**
 * The soak's load, as its own process: `node bench/dist/soakLoad.js '<SoakSpec JSON>'`. Each worker
 * repeats one person's life (create, read, list, update, photo, delete) until the time is up and
 * checks every status; prints one JSON line with counts, errors and latency percentiles per step.
 */
import { percentile } from './common';
import { TINY_PNG, restCreateBody } from './people';

export interface SoakSpec {
  ports: { create: number; read: number; update: number; delete: number };
  seconds: number;
  concurrency: number;
  /** Ids this run creates start here, so that runs never collide. */
  idBase: number;
}

export interface SoakResult {
  iterations: number;
  requests: number;
  errors: number;
  errorSamples: string[];
  /** Per step and overall: count, p50, p90, p99, max in ms. */
  latency: Record<string, { count: number; p50: number; p90: number; p99: number; max: number }>;
}

const MAX_ITERATIONS_PER_WORKER = 1_000_000;

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as SoakSpec;
  const base = (role: keyof SoakSpec['ports']) => `http://127.0.0.1:${spec.ports[role]}`;
  const deadline = Date.now() + spec.seconds * 1000;
  const timings: Record<string, number[]> = {};
  const errorSamples: string[] = [];
  let errors = 0;
  let requests = 0;
  let iterations = 0;

  async function step(name: string, expected: number, url: string, init?: RequestInit): Promise<void> {
    const started = performance.now();
    requests += 1;
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
      const body = await response.arrayBuffer();
      (timings[name] ??= []).push(performance.now() - started);
      if (response.status !== expected) {
        errors += 1;
        if (errorSamples.length < 20) {
          errorSamples.push(`${name} ${response.status}: ${Buffer.from(body).toString('utf8').slice(0, 200)}`);
        }
      }
    } catch (error) {
      errors += 1;
      if (errorSamples.length < 20)
        errorSamples.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const json = { 'content-type': 'application/json' };
  async function worker(index: number): Promise<void> {
    for (let i = 0; i < MAX_ITERATIONS_PER_WORKER && Date.now() < deadline; i += 1) {
      const id = String(spec.idBase + index * 10_000_000 + i);
      await step('create', 201, `${base('create')}/`, { method: 'POST', headers: json, body: restCreateBody(id) });
      await step('read', 200, `${base('read')}/${id}`);
      // Mostly one page; every 25th time the whole list, streamed.
      await step(i % 25 === 0 ? 'list all' : 'list page', 200, `${base('read')}/${i % 25 === 0 ? '' : '?limit=50'}`);
      await step('update', 200, `${base('update')}/${id}`, {
        method: 'PATCH',
        headers: json,
        body: JSON.stringify({ phone: String(3_000_000_000 + (i % 1_000_000_000)) }),
      });
      const form = new FormData();
      form.append('file', new Blob([TINY_PNG], { type: 'image/png' }), 'photo.png');
      await step('photo', 200, `${base('update')}/${id}/image`, { method: 'PATCH', body: form });
      await step('delete', 200, `${base('delete')}/${id}`, { method: 'DELETE' });
      iterations += 1;
    }
  }

  // Progress on stderr (the soak's terminal); stdout carries only the result line.
  const started = Date.now();
  const progress = setInterval(() => {
    const elapsed = Math.round((Date.now() - started) / 1000);
    process.stderr.write(
      `[soak] ${elapsed}/${spec.seconds} s: ${iterations} iterations, ${requests} requests, ${errors} errors\n`,
    );
  }, 10_000);
  await Promise.all(Array.from({ length: spec.concurrency }, (_, index) => worker(index)));
  clearInterval(progress);
  const latency: SoakResult['latency'] = {};
  const all: number[] = [];
  for (const [name, values] of Object.entries(timings)) {
    all.push(...values);
    values.sort((a, b) => a - b);
    latency[name] = summary(values);
  }
  all.sort((a, b) => a - b);
  latency.all = summary(all);
  const result: SoakResult = { iterations, requests, errors, errorSamples, latency };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function summary(sorted: number[]): SoakResult['latency'][string] {
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? 0),
  };
}

void main();
