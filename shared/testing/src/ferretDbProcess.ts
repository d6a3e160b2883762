import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { freePort } from './freePort';

/** Retries `attempt` until it resolves or `withinMs` has passed (then rethrows its last error). */
export async function eventually<T>(attempt: () => T | Promise<T>, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The one-letter state of each thread of a process (Linux /proc), `T` for stopped. */
function threadStates(pid: number): string[] {
  const tasks = `/proc/${pid}/task`;
  return fs.readdirSync(tasks).map((tid) => {
    const stat = fs.readFileSync(path.join(tasks, tid, 'stat'), 'utf8');
    // "tid (comm) S ...": the name may hold spaces or parentheses, the state follows the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  });
}

/**
 * A FerretDB server of a test's own (`FERRETDB_BIN`, which scripts/mongo-local.sh sets), on its
 * own port and directory, that the test may kill, restart on the same port and data, or freeze.
 */
export class FerretDbProcess {
  private server: ChildProcess | undefined;

  private constructor(
    private readonly bin: string,
    readonly port: number,
    private readonly dataDir: string,
  ) {}

  static async create(bin: string): Promise<FerretDbProcess> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-ferretdb-fault-'));
    return new FerretDbProcess(bin, await freePort(), dataDir);
  }

  get uri(): string {
    return `mongodb://127.0.0.1:${this.port}/`;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  /** Same flags as scripts/mongo-local.sh, on this server's port and directory; resolves once it answers. */
  async start(): Promise<void> {
    fs.mkdirSync(path.join(this.dataDir, 'sqlite'), { recursive: true });
    const log = fs.openSync(path.join(this.dataDir, 'ferretdb.log'), 'a');
    this.server = spawn(
      this.bin,
      [
        `--listen-addr=127.0.0.1:${this.port}`,
        '--handler=sqlite',
        `--sqlite-url=file:${path.join(this.dataDir, 'sqlite')}/`,
        `--state-dir=${this.dataDir}`,
        '--debug-addr=-',
        '--telemetry=disable',
        '--log-level=warn',
      ],
      { stdio: ['ignore', log, log], env: { ...process.env, DO_NOT_TRACK: '1' } },
    );
    fs.closeSync(log);
    // A fresh client per attempt: the driver closes a client whose first connect failed.
    await eventually(async () => {
      const probe = new MongoClient(this.uri, { serverSelectionTimeoutMS: 300 });
      try {
        await probe.db('admin').command({ ping: 1 });
      } finally {
        await probe.close();
      }
    }, 15000);
  }

  async kill(): Promise<void> {
    const running = this.server;
    this.server = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, 'exit');
    running.kill('SIGKILL');
    await exited;
  }

  /**
   * Sends SIGSTOP and waits until every thread has stopped. On Linux each thread of a
   * multi-threaded process (FerretDB is a Go program) stops only when it next runs, so on a busy
   * machine some can still answer a request for a while after kill() returns. Without /proc
   * (macOS) the threads cannot be read, so the test goes on right after the signal.
   */
  async freeze(): Promise<void> {
    const pid = this.server?.pid;
    if (pid === undefined) throw new Error('FerretDB is not running');
    this.server?.kill('SIGSTOP');
    if (!fs.existsSync(`/proc/${pid}/task`)) return;
    await eventually(() => {
      const running = threadStates(pid).filter((state) => state !== 'T' && state !== 't');
      if (running.length > 0) throw new Error(`${running.length} FerretDB threads have not stopped yet`);
    }, 5000);
  }

  resume(): void {
    this.server?.kill('SIGCONT');
  }

  /** Kills the server and removes its data. */
  async dispose(): Promise<void> {
    await this.kill();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
