import { Readable } from 'node:stream';
import { ErrorCode } from '../../errors';
import { PHOTO_MAX_BYTES } from '../limits';
import { sniffPhotoKind, verifyUpload } from '../verifyUpload';

const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);

/** An endless-looking source that counts what the reader pulled from it. */
function countingSource(head: Buffer, total: number, chunkSize = 64 * 1024) {
  const counter = { pulled: 0 };
  // Async as an upload's body is, though nothing here waits.
  // eslint-disable-next-line @typescript-eslint/require-await
  async function* generate(): AsyncGenerator<Buffer> {
    while (counter.pulled < total) {
      const chunk = Buffer.alloc(Math.min(chunkSize, total - counter.pulled), 0x41);
      if (counter.pulled === 0) head.copy(chunk);
      counter.pulled += chunk.length;
      yield chunk;
    }
  }
  return { source: generate(), counter };
}

describe('verifyUpload', () => {
  it('accepts PNG and JPEG by their first bytes and returns them whole', async () => {
    const png = Buffer.concat([PNG_HEAD, Buffer.from('rest of the image')]);
    await expect(verifyUpload(Readable.from([png.subarray(0, 3), png.subarray(3)]))).resolves.toEqual({
      bytes: png,
      kind: 'png',
    });
    const jpeg = Buffer.concat([JPEG_HEAD, Buffer.from('jfif')]);
    await expect(verifyUpload(Readable.from([jpeg]))).resolves.toEqual({ bytes: jpeg, kind: 'jpeg' });
  });

  it('refuses anything else, whatever it claims to be', async () => {
    await expect(verifyUpload(Readable.from([Buffer.from('hello, I am a .png')]))).rejects.toMatchObject({
      code: ErrorCode.UnsupportedMediaType,
    });
    await expect(verifyUpload(Readable.from([Buffer.from('GIF89a...')]))).rejects.toMatchObject({
      code: ErrorCode.UnsupportedMediaType,
    });
    await expect(verifyUpload(Readable.from([]))).rejects.toMatchObject({ code: ErrorCode.UnsupportedMediaType });
    expect(sniffPhotoKind(Buffer.from([0x89, 0x50]))).toBeNull();
  });

  it('accepts exactly the limit and refuses one byte more', async () => {
    const exact = countingSource(PNG_HEAD, PHOTO_MAX_BYTES);
    await expect(verifyUpload(exact.source)).resolves.toMatchObject({ kind: 'png' });
    const over = countingSource(PNG_HEAD, PHOTO_MAX_BYTES + 1);
    await expect(verifyUpload(over.source)).rejects.toMatchObject({ code: ErrorCode.PayloadTooLarge });
  });

  it('stops reading a 50 MB stream as soon as it passes the limit', async () => {
    const chunkSize = 64 * 1024;
    const huge = countingSource(PNG_HEAD, 50 * 1024 * 1024, chunkSize);
    await expect(verifyUpload(huge.source)).rejects.toMatchObject({ code: ErrorCode.PayloadTooLarge });
    expect(huge.counter.pulled).toBeLessThanOrEqual(PHOTO_MAX_BYTES + chunkSize);
  });

  it('stops reading a non-image at its first bytes', async () => {
    const text = countingSource(Buffer.from('plain text'), 50 * 1024 * 1024);
    await expect(verifyUpload(text.source)).rejects.toMatchObject({ code: ErrorCode.UnsupportedMediaType });
    expect(text.counter.pulled).toBe(64 * 1024);
  });

  it('destroys a Node stream it stops reading', async () => {
    const stream = Readable.from(countingSource(PNG_HEAD, 10 * 1024 * 1024).source);
    await expect(verifyUpload(stream)).rejects.toMatchObject({ code: ErrorCode.PayloadTooLarge });
    expect(stream.destroyed).toBe(true);
  });
});
