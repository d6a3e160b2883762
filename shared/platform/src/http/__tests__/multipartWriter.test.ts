import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { PeopleError, ErrorCode } from '@people/domain';
import { readMultipartHead, readMultipartUpload, type MultipartUploadOptions } from '../multipartUpload';
import { graphqlMultipartBody } from '../multipartWriter';

const FILE = Buffer.from(Array.from({ length: 300 }, (_, index) => (index * 7) % 256));
const OPERATIONS = JSON.stringify({
  query: 'mutation ($photo: Upload!) { up(photo: $photo) }',
  variables: { photo: null },
});
const MAP = { '0': ['variables.photo'] };

const options: MultipartUploadOptions = {
  fields: ['operations', 'map'],
  maxFieldBytes: 10_000,
  expectedFile: () => '0',
  missingFile: (field) => new PeopleError(ErrorCode.BadRequest, `The file '${field}' is missing`),
  maxFileBytes: 10_000,
  tooLargeMessage: 'too large',
  timeouts: { idleMs: 2000, totalMs: 5000 },
};

interface Outcome {
  status: number;
  fields?: Record<string, string>;
  /** The file read whole, in base64. */
  file?: string;
  filename?: string;
  mimeType?: string;
  error?: string;
}

/** Reads a stream whole; one already failed rejects too. */
async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A server that reads each request with the strict reader (decoded, or its head only) and says what it got. */
function readingServer(mode: 'decoded' | 'head'): http.Server {
  return http.createServer((req, res) => {
    const answer = (outcome: Outcome) =>
      res.writeHead(outcome.status, { connection: 'close' }).end(JSON.stringify(outcome));
    const failed = (error: unknown) =>
      answer({ status: 400, error: error instanceof PeopleError ? error.code : String(error) });
    if (mode === 'decoded') {
      readMultipartUpload(req, options)
        .then(async ({ fields, file }) => {
          if (!file) throw new Error('no file');
          const bytes = await collect(file.stream);
          answer({
            status: 200,
            fields,
            file: bytes.toString('base64'),
            filename: file.filename,
            mimeType: file.mimeType,
          });
        })
        .catch(failed);
      return;
    }
    readMultipartHead(req, options)
      .then(async ({ fields, file }) => {
        if (!file) throw new Error('no file');
        const rest = await collect(file.rest);
        answer({
          status: 200,
          fields,
          file: rest.toString('base64'),
          filename: file.filename,
          mimeType: file.mimeType,
        });
      })
      .catch(failed);
  });
}

async function listenOn(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

/** Sends `chunks` as one body with an honest Content-Length, so a cut body ends cleanly where it is cut. */
function send(url: string, contentType: string, chunks: Buffer[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const request = http.request(url, {
      method: 'POST',
      headers: { 'content-type': contentType, 'content-length': String(length), connection: 'close' },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      collect(response).then((body) => resolve(JSON.parse(body.toString()) as Outcome), reject);
    });
    const write = (index: number) => {
      const chunk = chunks[index];
      if (!chunk) {
        request.end();
        return;
      }
      request.write(chunk, () => setImmediate(() => write(index + 1)));
    };
    write(0);
  });
}

function written(filename = 'me.png', mimeType = 'image/png') {
  return graphqlMultipartBody(
    { operations: OPERATIONS, map: MAP },
    { field: '0', filename, mimeType, stream: Readable.from([FILE.subarray(0, 100), FILE.subarray(100)]) },
  );
}

describe('the multipart writer, read back by the strict reader', () => {
  const decoded = readingServer('decoded');
  const head = readingServer('head');
  let decodedUrl: string;
  let headUrl: string;

  beforeAll(async () => {
    decodedUrl = await listenOn(decoded);
    headUrl = await listenOn(head);
  });

  afterAll(async () => {
    await Promise.all([decoded, head].map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('round-trips the fields and the file, byte for byte', async () => {
    const { contentType, body } = written();
    const outcome = await send(decodedUrl, contentType, [await collect(body)]);
    expect(outcome).toEqual({
      status: 200,
      fields: { operations: OPERATIONS, map: JSON.stringify(MAP) },
      file: FILE.toString('base64'),
      filename: 'me.png',
      mimeType: 'image/png',
    });
  });

  it('never yields a whole file from the body cut at any byte before its closing delimiter ends', async () => {
    const { contentType, body } = written();
    const whole = await collect(body);
    const boundary = contentType.split('boundary=')[1] ?? '';
    const closed = whole.lastIndexOf(`--${boundary}--`) + boundary.length + 4;
    expect(closed).toBe(whole.length - 2);
    const wrong: string[] = [];
    for (let cut = 0; cut < closed; cut++) {
      const outcome = await send(decodedUrl, contentType, [whole.subarray(0, cut)]);
      if (outcome.status !== 400) wrong.push(`cut at ${cut}: ${JSON.stringify(outcome)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('quotes what would break a part header, and names an unknown type octet-stream', async () => {
    const { contentType, body } = written('a"b\r\nc.png', 'image/png\r\nX-Evil: 1');
    const outcome = await send(decodedUrl, contentType, [await collect(body)]);
    expect(outcome).toMatchObject({ status: 200, file: FILE.toString('base64'), filename: 'a%22b%0D%0Ac.png' });
    expect(outcome.mimeType).toBe('image/pngx-evil1');
    const untyped = graphqlMultipartBody(
      { operations: OPERATIONS, map: MAP },
      { field: '0', filename: 'x', mimeType: '', stream: Readable.from([FILE]) },
    );
    const typed = await send(decodedUrl, untyped.contentType, [await collect(untyped.body)]);
    expect(typed).toMatchObject({ status: 200, mimeType: 'application/octet-stream' });
  });

  it('fails its body with the error of a file that fails', async () => {
    const failing = new Readable({ read: () => undefined });
    const { body } = graphqlMultipartBody(
      { operations: OPERATIONS, map: MAP },
      { field: '0', filename: 'x', mimeType: 'image/png', stream: failing },
    );
    const read = collect(body);
    failing.destroy(new Error('the client went away'));
    await expect(read).rejects.toThrow('the client went away');
  });

  it('hands on the rest of a body from its file part byte for byte, however it is chunked', async () => {
    const { contentType, body } = written();
    const whole = await collect(body);
    const fileDelimiter = whole.indexOf(
      `\r\n--${contentType.split('boundary=')[1] ?? ''}\r\nContent-Disposition: form-data; name="0"`,
    );
    const expected = whole.subarray(fileDelimiter).toString('base64');
    for (const size of [1, 2, 7, 64, whole.length]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < whole.length; at += size) chunks.push(whole.subarray(at, at + size));
      const outcome = await send(headUrl, contentType, chunks);
      expect([size, outcome]).toEqual([
        size,
        expect.objectContaining({ status: 200, file: expected, filename: 'me.png', mimeType: 'image/png' }),
      ]);
    }
  });

  it('refuses, when handing on the rest, a file over the limit with more than room for its headers', async () => {
    const big = graphqlMultipartBody(
      { operations: OPERATIONS, map: MAP },
      { field: '0', filename: 'big.png', mimeType: 'image/png', stream: Readable.from([Buffer.alloc(80_000)]) },
    );
    const outcome = await send(headUrl, big.contentType, [await collect(big.body)]);
    expect(outcome).toEqual({ status: 400, error: 'PAYLOAD_TOO_LARGE' });
  });

  it('re-emits a head before a verbatim rest that reads back as the same file', async () => {
    const original = written();
    const whole = await collect(original.body);
    const boundary = original.contentType.split('boundary=')[1] ?? '';
    const rest = whole.subarray(whole.indexOf(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="0"`));
    const forwarded = graphqlMultipartBody(
      { operations: JSON.stringify({ query: 'other', variables: { photo: null } }), map: MAP },
      { boundary, rest: Readable.from([rest]) },
    );
    expect(forwarded.contentType).toBe(original.contentType);
    const outcome = await send(decodedUrl, forwarded.contentType, [await collect(forwarded.body)]);
    expect(outcome).toMatchObject({ status: 200, file: FILE.toString('base64'), filename: 'me.png' });
    expect(outcome.fields?.operations).toBe(JSON.stringify({ query: 'other', variables: { photo: null } }));
  });

  it('quotes a boundary that is not a token', () => {
    const { contentType } = graphqlMultipartBody(
      { operations: OPERATIONS, map: MAP },
      { boundary: 'a b"c', rest: Readable.from([]) },
    );
    expect(contentType).toBe('multipart/form-data; boundary="a b\\"c"');
  });
});
