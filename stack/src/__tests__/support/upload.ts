import http from 'node:http';
import net from 'node:net';
import type { GraphQLResult } from './testStack';

export const UPLOAD_PHOTO = `mutation Upload($id: ID!, $photo: Upload!) {
  updatePersonPhoto(documentId: $id, photo: $photo) { documentId photoUrl updatedAt }
}`;

export interface UploadedPerson {
  documentId: string;
  photoUrl: string | null;
  updatedAt: string;
}

/** A GraphQL multipart request as a browser or Apollo Client sends it, with the preflight header. */
export async function uploadPhoto(
  url: string,
  documentId: string,
  bytes: Buffer,
  filename: string,
  type: string,
  headers: Record<string, string> = { 'apollo-require-preflight': 'true' },
): Promise<GraphQLResult<{ updatePersonPhoto: UploadedPerson }>> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: UPLOAD_PHOTO, variables: { id: documentId, photo: null } }));
  form.append('map', JSON.stringify({ 0: ['variables.photo'] }));
  form.append('0', new Blob([bytes], { type }), filename);
  const response = await fetch(url, { method: 'POST', headers, body: form });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: JSON.parse(text) as GraphQLResult<{ updatePersonPhoto: UploadedPerson }>['body'],
  };
}

export interface StreamedUploadOutcome {
  /** Bytes of the file the client had produced when the exchange ended. */
  bytesPulled: number;
  status?: number;
  body?: string;
  error?: Error;
}

function hugeUploadParts(documentId: string, head: Buffer) {
  const boundary = '----people-test-boundary';
  const operations = JSON.stringify({ query: UPLOAD_PHOTO, variables: { id: documentId, photo: null } });
  const preamble =
    `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${operations}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.photo"]}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="huge.png"\r\nContent-Type: image/png\r\n\r\n`;
  const epilogue = `\r\n--${boundary}--\r\n`;
  const chunk = Buffer.alloc(64 * 1024, 0x41);
  const firstChunk = Buffer.concat([head, chunk.subarray(head.length)]);
  return { boundary, preamble, epilogue, chunk, firstChunk };
}

/**
 * Sends a multipart upload whose file is `totalBytes` long, produced lazily in 64 KiB chunks
 * as the connection accepts them, and reports how much of it was pulled before the server's
 * answer (or the connection's end).
 */
export function streamHugeUpload(
  url: string,
  documentId: string,
  head: Buffer,
  totalBytes: number,
): Promise<StreamedUploadOutcome> {
  const { boundary, preamble, epilogue, chunk, firstChunk } = hugeUploadParts(documentId, head);
  let pulled = 0;
  let answered: Omit<StreamedUploadOutcome, 'bytesPulled'> | undefined;

  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: Omit<StreamedUploadOutcome, 'bytesPulled'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...outcome, bytesPulled: pulled });
    };
    const request = http.request(url, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'apollo-require-preflight': 'true' },
    });
    request.on('response', (response) => {
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => {
        const outcome = { status: response.statusCode, body: Buffer.concat(parts).toString('utf8') };
        answered = outcome;
        settle(outcome);
        request.destroy();
      });
      response.on('error', (error) => settle({ error }));
    });
    request.on('error', (error) => settle(answered ?? { error }));

    request.write(preamble);
    const writeMore = () => {
      while (!settled && pulled < totalBytes) {
        const piece = pulled === 0 ? firstChunk : chunk;
        pulled += piece.length;
        if (!request.write(piece)) {
          request.once('drain', writeMore);
          return;
        }
      }
      if (!settled) request.end(epilogue);
    };
    writeMore();
  });
}

/**
 * Like `streamHugeUpload`, over a raw keep-alive connection whose client reads nothing until it
 * can send no more (its writes stalled for `stallMs`), as a busy or single-threaded client does.
 * The answer must still be there to read: a server that closes the connection on unread data
 * resets it, and the reset takes the answer with it.
 */
export function streamHugeUploadReadingLate(
  url: string,
  documentId: string,
  head: Buffer,
  totalBytes: number,
  stallMs: number,
): Promise<StreamedUploadOutcome> {
  const { boundary, preamble, epilogue, chunk, firstChunk } = hugeUploadParts(documentId, head);
  const target = new URL(url);
  const bodyLength = Buffer.byteLength(preamble) + totalBytes + Buffer.byteLength(epilogue);
  let pulled = 0;

  return new Promise((resolve) => {
    const socket = net.connect(Number(target.port), target.hostname);
    socket.pause();
    let settled = false;
    let received = Buffer.alloc(0);
    const settle = (outcome: Omit<StreamedUploadOutcome, 'bytesPulled'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(stall);
      socket.destroy();
      resolve({ ...outcome, bytesPulled: pulled });
    };
    const stall = setTimeout(() => socket.resume(), stallMs);

    /** The whole answer, once its headers and as many bytes as its Content-Length have arrived. */
    const answer = (): Omit<StreamedUploadOutcome, 'bytesPulled'> | undefined => {
      const headEnd = received.indexOf('\r\n\r\n');
      if (headEnd < 0) return undefined;
      const headers = received.subarray(0, headEnd).toString('latin1');
      const length = /\r\ncontent-length: *(\d+)/i.exec(headers)?.[1];
      const body = received.subarray(headEnd + 4);
      if (length === undefined || body.length < Number(length)) return undefined;
      return { status: Number(headers.split(' ')[1]), body: body.subarray(0, Number(length)).toString('utf8') };
    };
    socket.on('data', (data: Buffer) => {
      received = Buffer.concat([received, data]);
      const whole = answer();
      if (whole) settle(whole);
    });
    socket.on('error', (error) => settle(answer() ?? { error }));
    socket.on('close', () => settle(answer() ?? { error: new Error('closed before a whole answer arrived') }));

    socket.write(
      `POST ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\n` +
        `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${bodyLength}\r\n` +
        `Apollo-Require-Preflight: true\r\n\r\n${preamble}`,
    );
    const writeMore = () => {
      stall.refresh();
      while (!settled && pulled < totalBytes) {
        const piece = pulled === 0 ? firstChunk : chunk;
        pulled += piece.length;
        if (!socket.write(piece)) {
          socket.once('drain', writeMore);
          return;
        }
      }
      if (!settled) socket.write(epilogue);
    };
    writeMore();
  });
}
