#!/usr/bin/env node
// npm run docs:check: starts the built stack (node stack/dist/main.js) on the documented default
// ports, with a temporary data folder, no authentication and the metrics ports the examples use,
// then runs every ```sh or ```bash block that calls curl in README.md and docs/*.md, in the order
// a reader meets them, with bash (set -e, pipefail), from a temporary folder.
//
// curl runs as pasted, except that each request's HTTP status is also written to stderr, so that
// a block fails when any request gets a 4xx or 5xx answer (or none), or a GraphQL answer holds
// errors. Markers on the line before
// a block:
//   <!-- doc-test: expect-status 404 -->   every error answer in the block is 404, and one is
//   <!-- doc-test: skip (reason) -->        not run; the reason is printed
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One line of the report. */
const say = (text) => process.stdout.write(`${text}\n`);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PORTS = [4000, 8011, 8012, 8013, 8014];
/** The pages in the order a reader meets them; any other page under docs/ follows, by name. */
const FIRST = ['README.md', 'graphql-api.md', 'rest-api.md', 'storage.md', 'errors.md', 'security.md', 'operations.md'];

function pages() {
  const docs = fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort();
  const ordered = FIRST.filter((f) => f === 'README.md' || docs.includes(f));
  return [...ordered, ...docs.filter((f) => !FIRST.includes(f))].map((f) => (f === 'README.md' ? f : `docs/${f}`));
}

/** Each fenced sh/bash block that calls curl, with its line and the marker before it. */
function examples(file) {
  const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    let end = i + 1;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    const body = lines.slice(i + 1, end).join('\n');
    let before = i - 1;
    while (before >= 0 && lines[before].trim() === '') before--;
    const marker = /^<!-- doc-test: (.*?) -->$/.exec(lines[before] ?? '')?.[1];
    if (['sh', 'bash'].includes(open[1]) && /\bcurl\b/.test(body)) found.push({ file, line: i + 1, body, marker });
    i = end;
  }
  return found;
}

function portFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

async function ready(port) {
  try {
    const response = await fetch(`http://localhost:${port}/readyz`);
    return response.ok;
  } catch {
    return false;
  }
}

const CURL_STATUS = `curl() { command curl -w '%{stderr}\\ndoc-test-status %{http_code}\\n' "$@"; }\nset -eo pipefail\n`;

function run(example, cwd) {
  const result = spawnSync('bash', ['-c', CURL_STATUS + example.body], { cwd, encoding: 'utf8', timeout: 60_000 });
  const statuses = [...result.stderr.matchAll(/^doc-test-status (\d+)$/gm)].map((m) => Number(m[1]));
  const stderr = result.stderr.replace(/^doc-test-status \d+\n?/gm, '').trim();
  const expected = Number(/^expect-status (\d+)$/.exec(example.marker ?? '')?.[1] ?? 0);
  const errors = statuses.filter((s) => s >= 400 || s === 0);
  let problem;
  if (result.status !== 0) problem = `exited ${result.status ?? result.signal}`;
  else if (expected && !(errors.length > 0 && errors.every((s) => s === expected))) {
    problem = `expected ${expected} among the answers, got ${statuses.join(', ')}`;
  } else if (!expected && errors.length > 0) problem = `answered ${statuses.join(', ')}`;
  else if (!expected && /"errors"\s*:\s*\[/.test(result.stdout)) problem = 'a GraphQL answer holds errors';
  return { problem, statuses, output: `${result.stdout}${stderr ? `\n${stderr}` : ''}`.trim() };
}

async function main() {
  for (const port of PORTS) {
    if (!(await portFree(port))) throw new Error(`port ${port} is taken: stop whatever listens there first`);
  }
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'people-docs-'));
  const work = path.join(temp, 'work');
  fs.mkdirSync(work);
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(AUTH_|MONGODB_|OTEL_|CLOUDINARY_|STACK_|BRIDGE_|GATEWAY_)/.test(key),
    ),
  );
  Object.assign(env, {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATA_DIR: path.join(temp, 'data'),
    STACK_GATEWAY_WORKERS: '1',
    STACK_BRIDGE_WORKERS: '1',
    // The metrics example in docs/operations.md starts the stack with these.
    GATEWAY_METRICS_PORT: '9400',
    BRIDGE_METRICS_PORT: '9401',
    READ_SUBGRAPH_METRICS_PORT: '9403',
  });
  const log = fs.openSync(path.join(temp, 'stack.log'), 'w');
  const stack = spawn(process.execPath, [path.join(ROOT, 'stack/dist/main.js')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', log, log],
  });
  let exited = false;
  stack.on('exit', () => (exited = true));
  const stop = async () => {
    if (!exited) {
      stack.kill('SIGTERM');
      await new Promise((resolve) => stack.once('exit', resolve));
    }
  };
  let failed = 0;
  let ran = 0;
  let skipped = 0;
  try {
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (exited)
        throw new Error(
          `the stack exited before it was ready:\n${fs.readFileSync(path.join(temp, 'stack.log'), 'utf8')}`,
        );
      if ((await Promise.all(PORTS.map(ready))).every(Boolean)) break;
      if (Date.now() > deadline) throw new Error('the stack was not ready within 90 s');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    for (const file of pages()) {
      for (const example of examples(file)) {
        const where = `${example.file}:${example.line}`;
        if (example.marker?.startsWith('skip')) {
          skipped++;
          say(`- ${where} skipped ${example.marker.slice(4).trim()}`);
          continue;
        }
        ran++;
        const result = run(example, work);
        const status = result.problem ? `FAILED: ${result.problem}` : `ok (${result.statuses.join(', ')})`;
        say(`${result.problem ? '✗' : '✓'} ${where} ${status}`);
        if (result.problem || process.env.DOCS_CHECK_VERBOSE) {
          say(example.body.replace(/^/gm, '    $ '));
          say(result.output.replace(/^/gm, '    '));
        }
        if (result.problem) failed++;
      }
    }
  } finally {
    await stop();
    fs.closeSync(log);
  }
  if (failed > 0) {
    say(`\nstack log: ${path.join(temp, 'stack.log')}`);
    throw new Error(`${failed} of ${ran} examples failed (${skipped} skipped)`);
  }
  fs.rmSync(temp, { recursive: true, force: true });
  say(`\n${ran} examples ran as pasted, ${skipped} skipped`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
