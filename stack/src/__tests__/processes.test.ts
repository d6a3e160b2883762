import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqlitePeopleDao } from '@people/store';
import { restPerson } from '../../../rest-bridge/src/__tests__/support/client';
import { startScriptNodeFlags } from '@people/testing';
import { REPOSITORY_ROOT, spawnStack, type StackProcess } from './support/processStack';
import { splitRequest, waitUntilUp } from './support/requests';

const ENV = { LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: '0', STACK_GATEWAY_WORKERS: '2', STACK_BRIDGE_WORKERS: '2' };

/** The worker processes the launcher reported ready, by service. */
function readyWorkers(stack: StackProcess): { service: string; pid: number }[] {
  return [...stack.output().matchAll(/"worker":"(gateway|rest-bridge)","pid":(\d+),"msg":"[^"]* ready"/g)].map(
    ([, service = '', pid]) => ({ service, pid: Number(pid) }),
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function untilGone(pids: number[]): Promise<number[]> {
  for (let attempt = 0; attempt < 100 && pids.some(alive); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return pids.filter(alive);
}

async function bridgeUp(stack: StackProcess): Promise<string> {
  const origin = `http://127.0.0.1:${String(stack.ports.BRIDGE_CREATE_PORT)}`;
  await waitUntilUp(`${origin}/healthz`);
  // The launcher reports each worker as it becomes ready; wait for all four lines.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && readyWorkers(stack).length < 4) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return origin;
}

// Each test starts five processes; on a busy machine that alone can take tens of seconds.
jest.setTimeout(120_000);

describe('npm start over several processes', () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-processes-'));
    dirs.push(dir);
    return dir;
  };

  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs the configured number of gateway and bridge processes and stops them all on SIGTERM', async () => {
    const stack = await spawnStack(dataDir(), ENV);
    await bridgeUp(stack);
    const workers = readyWorkers(stack);
    expect(workers.map((worker) => worker.service).sort()).toEqual([
      'gateway',
      'gateway',
      'rest-bridge',
      'rest-bridge',
    ]);
    expect(workers.every((worker) => alive(worker.pid))).toBe(true);
    const commandLine = (pid: number) => fs.readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8').split('\0');
    const launcherArgs = commandLine(stack.child.pid ?? 0);
    const workerArgs = workers.flatMap((worker) => commandLine(worker.pid));
    stack.child.kill('SIGTERM');
    // npm start's flags size the young generation of the process that holds the subgraphs, not the workers'.
    const flags = startScriptNodeFlags(REPOSITORY_ROOT);
    expect(flags).toContain('--max-semi-space-size=32');
    expect(launcherArgs).toEqual(expect.arrayContaining(flags));
    expect(workerArgs.filter((arg) => arg.startsWith('--max-semi-space-size'))).toEqual([]);
    await expect(stack.exited).resolves.toBe(0);
    await expect(untilGone(workers.map((worker) => worker.pid))).resolves.toEqual([]);
  });

  it('on Ctrl-C (SIGINT to the whole process group) finishes REST requests in flight, then exits 0', async () => {
    const dir = dataDir();
    const stack = await spawnStack(dir, ENV, { detached: true });
    const origin = await bridgeUp(stack);
    const inFlight = Array.from({ length: 6 }, (_, i) =>
      splitRequest(`${origin}/`, JSON.stringify(restPerson(`70${i}`))),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    process.kill(-Number(stack.child.pid), 'SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const request of inFlight) request.finish();
    const responses = await Promise.all(inFlight.map((request) => request.response));
    for (const response of responses) expect(`${response.status} ${response.body}`).toMatch(/^201 /);
    await expect(stack.exited).resolves.toBe(0);
    const dao = SqlitePeopleDao.open(dir);
    await expect(dao.count()).resolves.toBe(6);
    await dao.close();
  });

  it.each(['gateway', 'rest-bridge'])(
    'when a %s process dies, logs which one and stops the rest with exit code 1',
    async (service) => {
      const dir = dataDir();
      const stack = await spawnStack(dir, ENV);
      await bridgeUp(stack);
      const workers = readyWorkers(stack);
      const victim = workers.find((worker) => worker.service === service);
      if (!victim) throw new Error(`no ${service} process in:\n${stack.output()}`);
      process.kill(victim.pid, 'SIGKILL');
      await expect(stack.exited).resolves.toBe(1);
      expect(stack.output()).toContain(`${service} process ${victim.pid} exited (SIGKILL); stopping the stack`);
      await expect(untilGone(workers.map((worker) => worker.pid))).resolves.toEqual([]);
      // The store was closed, not abandoned: another process can open it.
      const dao = SqlitePeopleDao.open(dir);
      await expect(dao.count()).resolves.toBe(0);
      await dao.close();
    },
  );

  it('stops the worker processes when the launcher itself is killed', async () => {
    const stack = await spawnStack(dataDir(), ENV);
    await bridgeUp(stack);
    const workers = readyWorkers(stack);
    stack.child.kill('SIGKILL');
    await stack.exited;
    await expect(untilGone(workers.map((worker) => worker.pid))).resolves.toEqual([]);
  });
});
