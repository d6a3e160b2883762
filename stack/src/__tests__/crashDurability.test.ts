import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { closeClientAgent, restPerson, send, sendJson } from '../../../rest-bridge/src/__tests__/support/client';
import { spawnStack, type StackProcess } from './support/processStack';

const TOTAL = 1000;
const CONCURRENCY = 32;
/** The process is killed once this many creates were acknowledged: part-way, with more in flight. */
const KILL_AFTER_ACKS = 300;
const ENV = { RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'fatal' };

/** A different person for every index, so that a mixed-up or torn record cannot pass for another. */
function person(index: number): Record<string, unknown> {
  const id = String(3_000_000_000 + index);
  return restPerson(id, {
    first_name: `Nombre${String.fromCharCode(65 + (index % 26))}${index}`,
    middle_name: index % 3 === 0 ? '' : `Medio${index}`,
    last_name: `Apellido-${index}`,
    birth_date: `${String((index % 28) + 1).padStart(2, '0')}-${String((index % 12) + 1).padStart(2, '0')}-19${String(50 + (index % 50))}`,
    gender: ['Masculino', 'Femenino', 'No binario', 'Prefiero no decir'][index % 4],
    email: `persona${index}@example.com`,
    phone: String(3_000_000_000 + index * 7),
  });
}

async function bridgeReady(stack: StackProcess): Promise<string> {
  const origin = `http://127.0.0.1:${String(stack.ports.BRIDGE_CREATE_PORT)}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ok = await fetch(`${origin}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return origin;
    if (Date.now() > deadline) throw new Error(`the bridge did not start:\n${stack.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('no acknowledged write lost (embedded store, SIGKILL part-way)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-crash-'));

  afterAll(() => {
    closeClientAgent();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds every person whose create got a 201, intact, after a restart on the same data directory', async () => {
    // In a process group of its own, so that the crash takes every process of the stack at once.
    const first = await spawnStack(dataDir, ENV, { detached: true });
    const createOrigin = await bridgeReady(first);
    const acknowledged = new Map<string, unknown>();
    const otherAnswers: string[] = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < TOTAL) {
        const index = next;
        next += 1;
        try {
          const response = await sendJson(createOrigin, 'POST', '/', person(index));
          if (response.status !== 201) {
            otherAnswers.push(`${response.status} ${response.text}`);
            continue;
          }
          acknowledged.set((response.json as { document_id: string }).document_id, response.json);
          if (!killed && acknowledged.size >= KILL_AFTER_ACKS) {
            killed = true;
            process.kill(-(first.child.pid ?? 0), 'SIGKILL');
          }
        } catch {
          // The connection died with the process: not acknowledged, so not promised.
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await first.exited;
    expect(killed).toBe(true);
    expect(otherAnswers).toEqual([]);
    expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(acknowledged.size).toBeLessThan(TOTAL);

    // The store opens as it is: no repair step, no lock left behind.
    const second = await spawnStack(dataDir, ENV);
    const readOrigin = `http://127.0.0.1:${String(second.ports.BRIDGE_READ_PORT)}`;
    await bridgeReady(second);
    const list = await send(readOrigin, { method: 'GET', path: '/' });
    expect(list.status).toBe(200);
    const stored = new Map((list.json as { document_id: string }[]).map((p) => [p.document_id, p]));
    const missingOrChanged = [...acknowledged].filter(
      ([id, body]) => JSON.stringify(stored.get(id)) !== JSON.stringify(body),
    );
    expect(missingOrChanged).toEqual([]);
    second.child.kill('SIGTERM');
    await expect(second.exited).resolves.toBe(0);

    const db = new Database(path.join(dataDir, 'people.sqlite3'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  }, 90_000);
});
