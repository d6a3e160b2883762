import http from 'node:http';
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
  const boundary = '----people-test-boundary';
  const operations = JSON.stringify({ query: UPLOAD_PHOTO, variables: { id: documentId, photo: null } });
  const preamble =
    `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${operations}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.photo"]}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="huge.png"\r\nContent-Type: image/png\r\n\r\n`;
  const chunk = Buffer.alloc(64 * 1024, 0x41);
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
        const piece = pulled === 0 ? Buffer.concat([head, chunk.subarray(head.length)]) : chunk;
        pulled += piece.length;
        if (!request.write(piece)) {
          request.once('drain', writeMore);
          return;
        }
      }
      if (!settled) request.end(`\r\n--${boundary}--\r\n`);
    };
    writeMore();
  });
}
