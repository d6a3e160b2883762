import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { EarlyAnswers } from '../earlyAnswer';
import { listen, type ListeningServer } from '../listen';

/** Answers 413 at once, without reading the body; a GET is answered 200. */
const refuseBodies: http.RequestListener = (req, res) => {
  const [status, body] = req.method === 'GET' ? [200, 'ok'] : [413, 'too large'];
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': body.length }).end(body);
};

interface LateReaderOutcome {
  answers: { status: number; body: string }[];
  /** Body bytes the client had written when it stopped. */
  sent: number;
  /** A connection fault before any answer was read. */
  error?: Error;
  /** Milliseconds from the first answer to the server ending or cutting the connection. */
  closedAfterMs?: number;
}

/**
 * POSTs a `bodyBytes`-long body over a raw keep-alive connection, reading nothing until its
 * writes stall for `stallMs` (or the body is all sent), then sends `then` on the same connection
 * if given, and reports the answers read once it has them all (or, with `awaitClose`, once the
 * server ends the connection), or when `waitMs` has passed.
 */
function postReadingLate(
  port: number,
  bodyBytes: number,
  {
    stallMs = 300,
    then,
    waitMs = 2000,
    awaitClose = false,
  }: { stallMs?: number; then?: string; waitMs?: number; awaitClose?: boolean } = {},
): Promise<LateReaderOutcome> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.pause();
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    let sent = 0;
    let received = '';
    let answeredAt: number | undefined;
    const outcome: LateReaderOutcome = { answers: [], sent: 0 };
    const finish = () => {
      clearTimeout(stall);
      clearTimeout(deadline);
      socket.destroy();
      resolve({ ...outcome, sent });
    };
    const deadline = setTimeout(finish, waitMs);
    const stall = setTimeout(() => socket.resume(), stallMs);
    socket.on('data', (data: Buffer) => {
      received += data.toString('latin1');
      for (;;) {
        const match = /^HTTP\/1\.1 (\d+)[^]*?\r\ncontent-length: (\d+)[^]*?\r\n\r\n/i.exec(received);
        if (!match || received.length < match[0].length + Number(match[2])) return;
        const end = match[0].length + Number(match[2]);
        outcome.answers.push({ status: Number(match[1]), body: received.slice(match[0].length, end) });
        received = received.slice(end);
        answeredAt ??= Date.now();
        if (then && outcome.answers.length === 1) socket.write(then);
        if (!awaitClose && outcome.answers.length === (then ? 2 : 1)) finish();
      }
    });
    const closed = (error?: Error) => {
      if (answeredAt === undefined) outcome.error = error ?? new Error('closed before any answer');
      else outcome.closedAfterMs = Date.now() - answeredAt;
      finish();
    };
    socket.on('error', closed);
    socket.on('end', () => closed());
    socket.write(`POST / HTTP/1.1\r\nHost: test\r\nContent-Length: ${bodyBytes}\r\n\r\n`);
    const writeMore = () => {
      stall.refresh();
      while (sent < bodyBytes && !socket.destroyed) {
        const piece = chunk.subarray(0, Math.min(chunk.length, bodyBytes - sent));
        sent += piece.length;
        if (!socket.write(piece)) {
          socket.once('drain', writeMore);
          return;
        }
      }
      socket.resume();
    };
    writeMore();
  });
}

describe('answers given before the request body arrived whole', () => {
  let server: http.Server;
  let earlyAnswers: EarlyAnswers;
  let port: number;
  let sockets: net.Socket[];

  beforeEach(async () => {
    sockets = [];
    earlyAnswers = new EarlyAnswers({ bytes: 1024 * 1024, ms: 1000 });
    server = http.createServer((req, res) => {
      earlyAnswers.watch(req, res);
      refuseBodies(req, res);
    });
    server.on('connection', (socket: net.Socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterEach(async () => {
    earlyAnswers.closeAll();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('stay readable by a client still sending, which is stopped well short of its 50 MB', async () => {
    const outcome = await postReadingLate(port, 50 * 1024 * 1024, { waitMs: 3000, awaitClose: true });
    expect(outcome.error).toBeUndefined();
    expect(outcome.answers).toEqual([{ status: 413, body: 'too large' }]);
    // The bound, plus what the kernel's socket buffers hold on both ends.
    expect(outcome.sent).toBeLessThan(16 * 1024 * 1024);
    // Cut once the lingering time is over, not before and not never.
    expect(outcome.closedAfterMs).toBeGreaterThanOrEqual(500);
    expect(outcome.closedAfterMs).toBeLessThan(2500);
  });

  it('keep the connection when the rest of the body is within the bound', async () => {
    const outcome = await postReadingLate(port, 256 * 1024, {
      then: 'GET / HTTP/1.1\r\nHost: test\r\n\r\n',
    });
    expect(outcome.error).toBeUndefined();
    expect(outcome.answers).toEqual([
      { status: 413, body: 'too large' },
      { status: 200, body: 'ok' },
    ]);
  });

  it('leave no listener behind on a connection kept alive across many of them', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      statuses.push(
        await new Promise<number>((resolve, reject) => {
          const req = http.request({ port, host: '127.0.0.1', method: 'POST', agent }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          });
          req.on('error', reject);
          req.end(Buffer.alloc(200 * 1024));
        }),
      );
    }
    agent.destroy();
    expect(new Set(statuses)).toEqual(new Set([413]));
    expect(sockets).toHaveLength(1);
    expect(sockets[0]?.listenerCount('close')).toBeLessThan(5);
  });

  it('are cut at once when the server closes', async () => {
    const pending = postReadingLate(port, 50 * 1024 * 1024, { waitMs: 5000, awaitClose: true });
    await new Promise((resolve) => setTimeout(resolve, 600));
    earlyAnswers.closeAll();
    const outcome = await pending;
    expect(outcome.answers).toHaveLength(1);
    expect(outcome.closedAfterMs).toBeLessThan(900);
  });
});

describe('listen', () => {
  let listening: ListeningServer;

  afterEach(() => listening.close(0));

  it('lets a client read an answer given while it was still sending', async () => {
    listening = await listen(refuseBodies, { host: '127.0.0.1', port: 0 });
    const outcome = await postReadingLate(Number(new URL(listening.origin).port), 50 * 1024 * 1024);
    expect(outcome.error).toBeUndefined();
    expect(outcome.answers).toEqual([{ status: 413, body: 'too large' }]);
    expect(outcome.sent).toBeLessThan(16 * 1024 * 1024);
  });

  it('closes promptly with a connection lingering after an early answer', async () => {
    listening = await listen(refuseBodies, { host: '127.0.0.1', port: 0 });
    const pending = postReadingLate(Number(new URL(listening.origin).port), 50 * 1024 * 1024, { waitMs: 8000 });
    await new Promise((resolve) => setTimeout(resolve, 600));
    const started = Date.now();
    await listening.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await pending).answers).toHaveLength(1);
  });
});
