/**
 * Benchmark: the bridge's memory while `GET /` streams 100,000 people. A stand-in gateway makes
 * each page on the fly (so only the bridge's own holding shows), a client counts the bytes without
 * keeping them, and the heap is sampled throughout. Run: `npm run build && node rest-bridge/dist/bench/listMemory.js [count]`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@people/shared';
import { loadBridgeConfig } from '../config';
import { start } from '../server';

const TOTAL = Number(process.argv[2] ?? 100_000);
const MB = 1024 * 1024;

function person(index: number): Record<string, unknown> {
  return {
    documentId: String(1_000_000_000 + index),
    documentType: 'CEDULA',
    firstName: 'Ana',
    middleName: null,
    lastName: 'García',
    birthDate: '1990-05-17',
    gender: 'FEMENINO',
    email: `ana${index}@example.com`,
    phone: '3001234567',
    photoUrl: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

function startGateway(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const { variables } = JSON.parse(body) as { variables: { first: number; after: string | null } };
      const from = variables.after === null ? 0 : Number(variables.after);
      const to = Math.min(TOTAL, from + variables.first);
      const edges = [];
      for (let index = from; index < to; index += 1) edges.push({ cursor: String(index + 1), node: person(index) });
      const page = { edges, pageInfo: { hasNextPage: to < TOTAL, endCursor: String(to) } };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { people: page } }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main(): Promise<void> {
  const gateway = await startGateway();
  const { port } = gateway.address() as AddressInfo;
  const bridge = await start(
    {
      ...loadBridgeConfig({ GATEWAY_URL: `http://127.0.0.1:${port}/graphql` }),
      host: '127.0.0.1',
      ports: { create: 0, read: 0, update: 0, delete: 0 },
    },
    createLogger({ service: 'bench', level: 'silent' }),
  );
  global.gc?.();
  const baseline = process.memoryUsage();
  let peakHeap = baseline.heapUsed;
  let peakRss = baseline.rss;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    peakRss = Math.max(peakRss, usage.rss);
  }, 20);

  const started = Date.now();
  const { bytes, people } = await new Promise<{ bytes: number; people: number }>((resolve, reject) => {
    http
      .get(`${bridge.urls.read}/`, (res) => {
        let bytesSeen = 0;
        let peopleSeen = 0;
        res.on('data', (chunk: Buffer) => {
          bytesSeen += chunk.length;
          peopleSeen += chunk.toString('latin1').split('"document_type"').length - 1;
        });
        res.on('end', () => resolve({ bytes: bytesSeen, people: peopleSeen }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
  clearInterval(sampler);
  await bridge.close();
  gateway.close();

  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(
    [
      `people streamed      ${people} of ${TOTAL} (${(bytes / MB).toFixed(1)} MB of JSON) in ${seconds.toFixed(1)} s`,
      `heap used            baseline ${(baseline.heapUsed / MB).toFixed(1)} MB, peak ${(peakHeap / MB).toFixed(1)} MB (+${((peakHeap - baseline.heapUsed) / MB).toFixed(1)} MB)`,
      `resident set size    baseline ${(baseline.rss / MB).toFixed(1)} MB, peak ${(peakRss / MB).toFixed(1)} MB (+${((peakRss - baseline.rss) / MB).toFixed(1)} MB)`,
      '',
    ].join('\n'),
  );
  if (people !== TOTAL) process.exitCode = 1;
}

void main();
