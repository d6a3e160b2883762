import { getEventListeners } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { isTimeoutError, timedRequest } from '../timedRequest';

/** Answers `/fast` at once and leaves `/slow` unanswered. */
describe('timedRequest', () => {
  const held: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    if (req.url === '/fast') res.end('ok');
    else held.push(res);
  });
  let pool: Pool;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });

  afterAll(async () => {
    for (const res of held) res.destroy();
    await pool.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  const get = (path: string) => async (signal: AbortSignal) => {
    const response = await pool.request({ method: 'GET', path, signal });
    return response.body.text();
  };

  it('answers as the call does, and leaves neither its timer nor a listener on the caller’s signal', async () => {
    const caller = new AbortController();
    let inner: AbortSignal | undefined;
    const answer = await timedRequest({ timeoutMs: 100, what: 'The call', signal: caller.signal }, (signal) => {
      inner = signal;
      return get('/fast')(signal);
    });
    expect(answer).toBe('ok');
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    await sleep(200);
    // The timer was cleared: the call's signal never fired.
    expect(inner?.aborted).toBe(false);
  });

  it('aborts a call past its bound with a TimeoutError', async () => {
    const caller = new AbortController();
    const started = Date.now();
    const failure = await timedRequest({ timeoutMs: 150, what: 'The call', signal: caller.signal }, get('/slow')).catch(
      (error: unknown) => error,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(failure).toMatchObject({ name: 'TimeoutError', message: 'The call timed out' });
    expect(isTimeoutError(failure)).toBe(true);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it('reports a call that fails its own way once its bound passed as a TimeoutError caused by that failure', async () => {
    const own = new Error('the stream was torn down');
    const failure = await timedRequest(
      { timeoutMs: 50, what: 'The call' },
      (signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(own), { once: true });
        }),
    ).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'TimeoutError', cause: own });
    expect(isTimeoutError(failure)).toBe(true);
  });

  it('aborts the call when the caller’s signal fires, with the caller’s reason', async () => {
    const caller = new AbortController();
    const reason = new Error('the client went away');
    const call = timedRequest({ timeoutMs: 10_000, what: 'The call', signal: caller.signal }, get('/slow'));
    await sleep(50);
    caller.abort(reason);
    await expect(call).rejects.toBe(reason);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it('does not start a call whose caller has already gone', async () => {
    const caller = new AbortController();
    caller.abort(new Error('gone'));
    await expect(
      timedRequest({ timeoutMs: 10_000, what: 'The call', signal: caller.signal }, get('/fast')),
    ).rejects.toThrow('gone');
  });

  it('passes any other failure on as it is', async () => {
    const failure = new Error('refused');
    await expect(timedRequest({ timeoutMs: 1000, what: 'The call' }, () => Promise.reject(failure))).rejects.toBe(
      failure,
    );
    expect(isTimeoutError(failure)).toBe(false);
  });
});
