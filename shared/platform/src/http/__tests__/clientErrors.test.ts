import net from 'node:net';
import { listen, type ListenOptions, type ListeningServer } from '../listen';

/** Writes `raw` on a fresh connection and returns everything read until the server closes it. */
function exchange(origin: string, raw: string): Promise<string> {
  const { port, hostname } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let received = '';
    socket.on('data', (data: Buffer) => (received += data.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    socket.end(raw);
  });
}

function parse(answer: string): { status: number; contentType: string | undefined; body: unknown } {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  return {
    status: Number(head.split(' ')[1]),
    contentType: /\r\ncontent-type: ([^\r]*)/i.exec(head)?.[1],
    body: body === '' ? undefined : JSON.parse(body),
  };
}

describe('requests Node cannot parse', () => {
  let listening: ListeningServer | undefined;
  const start = async (options: Partial<ListenOptions> = {}) => {
    listening = await listen((_req, res) => res.end('ok'), { host: '127.0.0.1', port: 0, ...options });
    return listening.origin;
  };

  afterEach(() => listening?.close(0));

  it('answers headers over the size limit with 431 and a message', async () => {
    const origin = await start();
    const answer = parse(await exchange(origin, `GET /?q=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: test\r\n\r\n`));
    expect(answer.status).toBe(431);
    expect(answer.contentType).toBe('application/json; charset=utf-8');
    expect(answer.body).toEqual({
      errors: [
        { message: 'The request line and headers are over 16 kB together', extensions: { code: 'BAD_REQUEST' } },
      ],
    });
  });

  it('answers a malformed request line with 400 and a message', async () => {
    const origin = await start();
    const answer = parse(await exchange(origin, 'HELLO THERE\r\n\r\n'));
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      errors: [{ message: 'The request is not valid HTTP/1.1', extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it("answers in the service's own error shape", async () => {
    const origin = await start({ clientErrorBody: (_code, message) => ({ detail: message }) });
    const answer = parse(await exchange(origin, `GET /${'x'.repeat(20_000)} HTTP/1.1\r\nHost: test\r\n\r\n`));
    expect(answer.status).toBe(431);
    expect(answer.body).toEqual({ detail: 'The request line and headers are over 16 kB together' });
  });

  it('answers on a kept-alive connection once its earlier request was answered', async () => {
    const { port, hostname } = new URL(await start());
    const socket = net.connect(Number(port), hostname);
    let received = '';
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.on('data', (data: Buffer) => {
      const first = received === '';
      received += data.toString('utf8');
      if (first) socket.end(`GET /?q=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: test\r\n\r\n`);
    });
    socket.write('GET / HTTP/1.1\r\nHost: test\r\n\r\n');
    await closed;
    expect(received.startsWith('HTTP/1.1 200')).toBe(true);
    expect(parse(received.slice(received.indexOf('HTTP/1.1', 1))).status).toBe(431);
  });
});
