/**
 * The peers the benchmark compares the gateway with (Hive Gateway, Hive Router) and the
 * single-hop floor every path is reported against.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '@people/testing';
import {
  DIST,
  ROOT,
  log,
  stackEnv,
  startProcess,
  startService,
  waitReady,
  type Service,
  type StackOptions,
  type SubgraphName,
} from './common';
import { personQueryBody, seededId } from './people';

export interface Peer {
  service: Service;
  url: string;
}

/** The checked-in supergraph with its subgraph URLs pointed at this run's subgraphs. */
function supergraphFile(options: StackOptions, workDir: string): string {
  const sdl = fs
    .readFileSync(path.join(ROOT, 'gateway', 'supergraph.graphql'), 'utf8')
    .replace(
      /@join__graph\(name: "(\w+)", url: "[^"]*"\)/g,
      (_match, name: string) =>
        `@join__graph(name: "${name}", url: "http://127.0.0.1:${options.ports.subgraphs[name as SubgraphName]}/graphql")`,
    );
  const file = path.join(workDir, 'supergraph.graphql');
  fs.writeFileSync(file, sdl);
  return file;
}

const personQuery = (): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: personQueryBody(seededId(1)),
});

/** Hive Gateway (Node), one process, serving the checked-in supergraph. */
export async function startHiveGateway(options: StackOptions, workDir: string): Promise<Peer> {
  const file = supergraphFile(options, workDir);
  const port = await freePort();
  const bin = path.join(path.dirname(require.resolve('@graphql-hive/gateway/package.json')), 'dist', 'bin.js');
  const service = startService(
    'hive',
    bin,
    ['supergraph', file, '--host', '127.0.0.1', '--port', String(port), '--fork', '1'],
    { NODE_ENV: 'production' },
    options.logDir,
    workDir,
  );
  const url = `http://127.0.0.1:${port}/graphql`;
  await waitReady(service, url, personQuery());
  return { service, url };
}

/** The Hive Router binary that scripts/hive-router.sh built, or undefined when it has not been built. */
function hiveRouterBinary(): string | undefined {
  try {
    return execFileSync(path.join(ROOT, 'scripts', 'hive-router.sh'), ['--path'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/**
 * Hive Router (Rust) on one worker thread, serving the same supergraph; undefined, with a line
 * saying so, when its binary has not been built.
 */
export async function startHiveRouter(options: StackOptions, workDir: string): Promise<Peer | undefined> {
  const binary = hiveRouterBinary();
  if (!binary) {
    log('Hive Router not built: skipping its peer rows (scripts/hive-router.sh builds it once, ~20 min on 2 cores)');
    return undefined;
  }
  const dir = path.join(workDir, 'hive-router');
  fs.mkdirSync(dir, { recursive: true });
  const file = supergraphFile(options, dir);
  const port = await freePort();
  fs.writeFileSync(
    path.join(dir, 'router.config.yaml'),
    `supergraph:\n  source: file\n  path: ${file}\nhttp:\n  host: 127.0.0.1\n  port: ${port}\n  workers: 1\n`,
  );
  const service = startProcess(
    'hive-router',
    binary,
    [],
    // One worker, as the gateway is one Node process (one thread of JavaScript).
    { TOKIO_WORKER_THREADS: '1', RUST_LOG: 'error', LOG_LEVEL: 'error' },
    options.logDir,
    dir,
  );
  const url = `http://127.0.0.1:${port}/graphql`;
  await waitReady(service, url, personQuery());
  return { service, url };
}

/**
 * A bare Node proxy (bench/nodeProxy.ts) in front of `target`: the read subgraph (the Node floor for a
 * gateway) unless told otherwise. `name` names its process and log.
 */
export async function startNodeProxy(
  options: StackOptions,
  target = `http://127.0.0.1:${options.ports.subgraphs.read}/graphql`,
  name = 'node-proxy',
): Promise<Peer> {
  const port = await freePort();
  const service = startService(
    name,
    path.join(DIST, 'nodeProxy.js'),
    [],
    {
      NODE_PROXY_PORT: String(port),
      NODE_PROXY_TARGET: target,
    },
    options.logDir,
  );
  const url = `http://127.0.0.1:${port}/graphql`;
  await waitReady(service, url, personQuery());
  return { service, url };
}

/** The single-hop floor (bench/floor.ts) on the stack's store; the stack's subgraphs must be stopped. */
export async function startFloor(options: StackOptions): Promise<Peer> {
  const port = await freePort();
  const service = startService(
    'floor',
    path.join(DIST, 'floor.js'),
    [],
    { ...stackEnv(options), FLOOR_PORT: String(port) },
    options.logDir,
  );
  const url = `http://127.0.0.1:${port}/`;
  await waitReady(service, `${url}${seededId(1)}`);
  return { service, url };
}
