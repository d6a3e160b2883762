import type { Request } from 'express';
import busboy from 'busboy';
import { ErrorCode, PHOTO_MAX_BYTES } from '@people/shared';
import { HttpError } from '../errors';
import type { UploadFile } from '../gatewayClient';

/** Room for the multipart envelope and a few small fields around the file. */
const ENVELOPE_MARGIN_BYTES = 64 * 1024;

const tooLarge = () => HttpError.of(ErrorCode.PayloadTooLarge, 'Photo must be at most 2 MB');

/**
 * Hands the multipart field `file` to `work` as a stream while it arrives, holding at most a few
 * chunks of it. A file past PHOTO_MAX_BYTES aborts `work` and answers 413.
 */
export function withUploadedFile<T>(
  req: Request,
  parentSignal: AbortSignal | undefined,
  work: (file: UploadFile, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'multipart/form-data') {
    return Promise.reject(
      HttpError.of(ErrorCode.UnsupportedMediaType, 'Content-Type must be multipart/form-data with a field named file'),
    );
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > PHOTO_MAX_BYTES + ENVELOPE_MARGIN_BYTES)
    return Promise.reject(tooLarge());

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      // busboy reports the limit on reaching it, so one byte more marks a file that is over.
      limits: { files: 1, fileSize: PHOTO_MAX_BYTES + 1, fields: 20, fieldSize: 1024, parts: 25, headerPairs: 50 },
    });
  } catch {
    return Promise.reject(new HttpError(400, 'Malformed multipart body'));
  }

  return new Promise<T>((resolve, reject) => {
    const controller = new AbortController();
    const signal = parentSignal ? AbortSignal.any([parentSignal, controller.signal]) : controller.signal;
    let started = false;
    let truncated = false;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };

    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || started) {
        stream.resume();
        return;
      }
      started = true;
      stream.on('limit', () => {
        truncated = true;
        controller.abort();
      });
      const file: UploadFile = {
        stream,
        filename: info.filename ?? 'upload',
        mimeType: info.mimeType,
        isTruncated: () => truncated || stream.truncated,
      };
      work(file, signal).then(
        (value) => settle(() => resolve(value)),
        (error: unknown) => {
          // Let the rest of the body be read and discarded so the connection stays usable.
          stream.resume();
          settle(() => reject(truncated ? tooLarge() : error));
        },
      );
    });
    parser.on('close', () => {
      if (!started) {
        settle(() =>
          reject(HttpError.invalid([{ field: 'file', message: 'Field required', type: 'missing' }], 'body')),
        );
      }
    });
    parser.on('error', () => {
      controller.abort();
      settle(() => reject(new HttpError(400, 'Malformed multipart body')));
    });
    req.on('error', () => controller.abort());
    req.pipe(parser);
  });
}
