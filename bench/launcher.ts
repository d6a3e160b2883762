/**
 * `npm start` as a bench target: the launcher (`stack/dist/main.js`) with the workers it forks, on
 * the bench's store and ports. Its CPU is every process of its tree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startScriptNodeFlags } from '@people/testing';
import { ROOT, stackEnv, startService, waitReady, type Service, type StackOptions } from './common';
import { seededId } from './people';

/** A process's children, from the kernel's list of each of its threads' children. */
function childrenOf(pid: number): number[] {
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((task) => fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/))
      .filter((text) => text !== '')
      .map(Number);
  } catch {
    return [];
  }
}

/** `pid` and every process below it, by name for the CPU figures. */
export function processTree(pid: number, name: string): Record<string, number> {
  const tree: Record<string, number> = { [name]: pid };
  const pending = [pid];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    for (const child of childrenOf(next)) {
      tree[`${name}-${child}`] = child;
      pending.push(child);
    }
  }
  return tree;
}

/**
 * The launcher of the checkout at `BENCH_LAUNCHER_ROOT` (this one by default, another to compare
 * builds), ready once its bridge reads a seeded person.
 */
export async function startLauncher(options: StackOptions): Promise<{ service: Service; url: string }> {
  const root = process.env.BENCH_LAUNCHER_ROOT ?? ROOT;
  const service = startService(
    'npm-start',
    path.join(root, 'stack', 'dist', 'main.js'),
    [],
    stackEnv(options),
    options.logDir,
    root,
    startScriptNodeFlags(root),
  );
  const url = `http://127.0.0.1:${options.ports.bridge.read}/`;
  await waitReady(service, `${url}${seededId(1)}`);
  return { service, url };
}
