import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Pool } from 'undici';
import { pooledPost, type AnswerSink } from '../pooledPost';

/**
 * `/echo` answers the request body in two writes that split a character; `/big` says more than it
 * sends; `/slow` never answers; `/parts` answers PARTS in three writes, the second never finished
 * when `/parts?stall`.
 */
const PARTS = ['{"data":{"a":"', 'x'.repeat(5000), '"}}'];
describe('pooledPost', () => {
  const held: http.ServerResponse[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    sockets.add(req.socket);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/slow') {
        held.push(res);
        return;
      }
      if (req.url?.startsWith('/parts')) {
        res.writeHead(200, { 'content-length': String(Buffer.byteLength(PARTS.join(''))) });
        res.write(PARTS[0]);
        setTimeout(() => res.write(PARTS[1]), 10);
        if (req.url === '/parts?stall') held.push(res);
        else setTimeout(() => res.end(PARTS[2]), 20);
        return;
      }
      if (req.url === '/big') {
        res.writeHead(200, { 'content-length': '64' });
        res.end('x'.repeat(64));
        return;
      }
      const body = Buffer.concat(chunks);
      res.writeHead(201, [
        ['Content-Type', 'application/json'],
        ['X-Seen', String(req.headers['x-sent'] ?? '')],
        ['Set-Cookie', 'a=1'],
        ['Set-Cookie', 'b=2'],
      ]);
      res.write(body.subarray(0, 2));
      setTimeout(() => res.end(body.subarray(2)), 10);
    });
  });
  let pool: Pool;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 1 });
  });

  afterAll(async () => {
    for (const res of held) res.destroy();
    await pool.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends the body and headers, and answers the status, the whole body as text and headers by any case', async () => {
    const answer = await pooledPost(pool, {
      path: '/echo',
      headers: { 'x-sent': 'yes' },
      body: '"é…"',
      signal: new AbortController().signal,
    });
    expect(answer.statusCode).toBe(201);
    expect(answer.text).toBe('"é…"');
    expect(answer.header('content-type')).toBe('application/json');
    expect(answer.header('X-SEEN')).toBe('yes');
    expect(answer.header('set-cookie')).toBe('a=1, b=2');
    expect(answer.header('x-absent')).toBeUndefined();
    expect(answer.tooLarge).toBeUndefined();
  });

  it('drops an answer longer than maxBytes says, and keeps the connection for the next call', async () => {
    const signal = new AbortController().signal;
    const big = await pooledPost(pool, { path: '/big', headers: {}, body: null, signal, maxBytes: 63 });
    expect(big).toMatchObject({ statusCode: 200, text: '', tooLarge: 64 });
    const before = sockets.size;
    await pooledPost(pool, { path: '/echo', headers: {}, body: '{}', signal });
    expect(sockets.size).toBe(before);
  });

  it('rejects with the signal’s reason when it fires during the call, or had fired before it', async () => {
    const during = new AbortController();
    const call = pooledPost(pool, { path: '/slow', headers: {}, body: '{}', signal: during.signal });
    setTimeout(() => during.abort(new Error('gone')), 50);
    await expect(call).rejects.toThrow('gone');
    const before = new AbortController();
    before.abort(new Error('already gone'));
    await expect(pooledPost(pool, { path: '/echo', headers: {}, body: '{}', signal: before.signal })).rejects.toThrow(
      'already gone',
    );
  });

  it('fails with a TimeoutError named for the call when its bound passes, and answers within it as usual', async () => {
    const started = Date.now();
    const slow = pooledPost(pool, {
      path: '/slow',
      headers: {},
      body: '{}',
      timeout: { ms: 80, what: 'The test call' },
    });
    await expect(slow).rejects.toMatchObject({ name: 'TimeoutError', message: 'The test call timed out' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
    const answered = await pooledPost(pool, {
      path: '/echo',
      headers: {},
      body: '"on time"',
      timeout: { ms: 60_000, what: 'The test call' },
    });
    expect(answered.text).toBe('"on time"');
  });

  /** A sink that takes every chunk but asks to wait after each one, and resumes a little later. */
  const slowSink = (got: string[], gone: ((error: Error) => void)[] = []): AnswerSink => ({
    write: (chunk) => {
      got.push(chunk.toString('utf8'));
      return false;
    },
    onceDrained: (resume) => setTimeout(resume, 5),
    onGone: (stop) => gone.push(stop),
  });

  it('passes a body on to the sink passOn returns, in order and with its backpressure, gathering nothing', async () => {
    const got: string[] = [];
    const offered: number[] = [];
    const answer = await pooledPost(pool, {
      path: '/parts',
      headers: {},
      body: '{}',
      signal: new AbortController().signal,
      passOn: (first, contentLength) => {
        offered.push(first.length, contentLength);
        return slowSink(got);
      },
    });
    expect(answer).toMatchObject({ statusCode: 200, text: '', passedOn: true });
    expect(got.join('')).toBe(PARTS.join(''));
    expect(offered).toEqual([PARTS[0]?.length, Buffer.byteLength(PARTS.join(''))]);
  });

  it('gathers the body as usual when passOn declines it, or when the body comes whole in its first chunk', async () => {
    const declined = await pooledPost(pool, {
      path: '/parts',
      headers: {},
      body: '{}',
      signal: new AbortController().signal,
      passOn: () => undefined,
    });
    expect(declined).toMatchObject({ statusCode: 200, text: PARTS.join('') });
    expect(declined.passedOn).toBeUndefined();
    const offered: number[] = [];
    const whole = await pooledPost(pool, {
      path: '/big',
      headers: {},
      body: null,
      signal: new AbortController().signal,
      passOn: (first) => {
        offered.push(first.length);
        return undefined;
      },
    });
    expect(whole.text).toBe('x'.repeat(64));
    expect(offered).toEqual([]);
  });

  it('rejects, and reads no more, when the sink goes away in the middle of the body', async () => {
    const got: string[] = [];
    const gone: ((error: Error) => void)[] = [];
    const call = pooledPost(pool, {
      path: '/parts?stall',
      headers: {},
      body: '{}',
      signal: new AbortController().signal,
      passOn: () => slowSink(got, gone),
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(got.join('')).toBe(PARTS.slice(0, 2).join(''));
    gone[0]?.(new Error('the client went away'));
    await expect(call).rejects.toThrow('the client went away');
  });
});
