import type { Request } from 'express';
import { ErrorCode, PHOTO_MAX_BYTES, unwrapPeopleError, PeopleError } from '@people/domain';
import { readMultipartUpload, type UploadTimeouts } from '@people/platform';
import { HttpError, httpErrorFromPeople } from '../errors';
import type { UploadFile } from '../gatewayClient';

/** Room for the multipart envelope and a few small fields around the file. */
const ENVELOPE_MARGIN_BYTES = 64 * 1024;
const TOO_LARGE = 'Photo must be at most 2 MB';

const asHttpError = (error: PeopleError) => httpErrorFromPeople(error, 'body');

/**
 * Hands the multipart field `file` to `work` as a stream while it arrives, holding at most a few
 * chunks of it. The stream ends only once the whole body has arrived well-formed; a body cut
 * short, malformed, stalled or over the size limit aborts `work` and is answered with its own
 * 4xx instead of whatever `work` made of the aborted call.
 */
export async function withUploadedFile<T>(
  req: Request,
  parentSignal: AbortSignal | undefined,
  timeouts: UploadTimeouts,
  work: (file: UploadFile, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'multipart/form-data') {
    throw HttpError.of(
      ErrorCode.UnsupportedMediaType,
      'Content-Type must be multipart/form-data with a field named file',
    );
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > PHOTO_MAX_BYTES + ENVELOPE_MARGIN_BYTES) {
    throw HttpError.of(ErrorCode.PayloadTooLarge, TOO_LARGE);
  }

  let upload;
  try {
    upload = await readMultipartUpload(req, {
      fields: [],
      maxFieldBytes: 1024,
      expectedFile: () => 'file',
      missingFile: () => PeopleError.invalidInput([{ field: 'file', message: 'Field required', type: 'missing' }]),
      maxFileBytes: PHOTO_MAX_BYTES,
      tooLargeMessage: TOO_LARGE,
      timeouts,
    });
  } catch (error) {
    throw asHttpError(unwrapPeopleError(error) ?? new PeopleError(ErrorCode.BadRequest, 'Malformed multipart body'));
  }
  const { file } = upload;
  if (!file) throw new Error('the upload reader resolved without the file it was told to expect');

  const controller = new AbortController();
  const signal = parentSignal ? AbortSignal.any([parentSignal, controller.signal]) : controller.signal;
  // The fault may already have been raised before this listener exists; `errored` keeps it.
  file.stream.on('error', () => controller.abort());
  if (file.stream.errored) controller.abort();
  try {
    return await work({ stream: file.stream, filename: file.filename, mimeType: file.mimeType }, signal);
  } catch (error) {
    const fault = unwrapPeopleError(file.stream.errored);
    throw fault ? asHttpError(fault) : error;
  } finally {
    // Whatever `work` left unread is not read any further.
    if (!file.stream.readableEnded) file.stream.destroy();
  }
}
