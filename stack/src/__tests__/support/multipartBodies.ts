import http from 'node:http';

export const BOUNDARY = 'people-test-boundary-7f3a';

export interface MultipartPart {
  name: string;
  /** Set for a file part. */
  filename?: string;
  contentType?: string;
  body: Buffer | string;
}

/** A multipart/form-data body, byte for byte as a browser sends it. */
export function multipartBytes(parts: MultipartPart[], boundary = BOUNDARY, closing = true): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    const type = part.contentType === undefined ? '' : `Content-Type: ${part.contentType}\r\n`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`));
    chunks.push(Buffer.isBuffer(part.body) ? part.body : Buffer.from(part.body));
    chunks.push(Buffer.from('\r\n'));
  }
  if (closing) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** Where the closing delimiter ends: a body cut there or later is whole. */
export function closingDelimiterEnd(body: Buffer, boundary = BOUNDARY): number {
  const at = body.lastIndexOf(`--${boundary}--`);
  return at < 0 ? body.length + 1 : at + boundary.length + 4;
}

export interface RawAnswer {
  status: number;
  body: string;
}

/**
 * Sends `body` with an honest Content-Length, so the request ends cleanly where the body does,
 * and waits for the answer. A connection closed without an answer rejects.
 */
export function sendRaw(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: Buffer,
  timeoutMs = 15_000,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method,
      headers: { ...headers, 'content-length': String(body.length), connection: 'close' },
      timeout: timeoutMs,
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.on('response', (response) => {
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('error', reject);
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }),
      );
    });
    request.end(body);
  });
}

/**
 * Sends `body` with an honest Content-Length in `pieces` equal parts, `pauseMs` apart (and, with
 * `stallAfter`, stops sending after that many parts while keeping the connection open), and
 * resolves with the answer and when it came, in ms after the first byte.
 */
export function sendPaced(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: Buffer,
  pacing: { pieces: number; pauseMs: number; stallAfter?: number },
): Promise<RawAnswer & { afterMs: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method,
      headers: { ...headers, 'content-length': String(body.length), connection: 'close' },
    });
    let timer: NodeJS.Timeout | undefined;
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.on('response', (response) => {
      clearTimeout(timer);
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('error', reject);
      response.on('end', () => {
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(parts).toString('utf8'),
          afterMs: Date.now() - started,
        });
        request.destroy();
      });
    });
    const size = Math.ceil(body.length / pacing.pieces);
    const sendPiece = (index: number) => {
      if (index === pacing.stallAfter) return;
      const piece = body.subarray(index * size, (index + 1) * size);
      if (index === pacing.pieces - 1) request.end(piece);
      else {
        request.write(piece);
        timer = setTimeout(() => sendPiece(index + 1), pacing.pauseMs);
      }
    };
    sendPiece(0);
  });
}
