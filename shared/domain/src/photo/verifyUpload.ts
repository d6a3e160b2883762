import { ErrorCode, PeopleError } from '../errors';
import { PHOTO_MAX_BYTES, type PhotoKind } from './limits';

export interface VerifiedPhoto {
  bytes: Buffer;
  kind: PhotoKind;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_SIGNATURE = Buffer.from([0xff, 0xd8, 0xff]);
const SNIFF_BYTES = PNG_SIGNATURE.length;

/** PNG or JPEG by the file's first bytes; null for anything else. */
export function sniffPhotoKind(head: Buffer): PhotoKind | null {
  if (head.length >= PNG_SIGNATURE.length && head.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) return 'png';
  if (head.length >= JPEG_SIGNATURE.length && head.subarray(0, JPEG_SIGNATURE.length).equals(JPEG_SIGNATURE))
    return 'jpeg';
  return null;
}

function unsupported(): PeopleError {
  return new PeopleError(ErrorCode.UnsupportedMediaType, 'The photo must be a PNG or JPEG image');
}

/**
 * Reads an upload into memory while counting, and stops reading (destroying the stream) as soon
 * as it passes `limitBytes` or its first bytes show it is not PNG or JPEG: an oversized or wrong
 * upload is never read whole. The declared name and type are not consulted.
 */
export async function verifyUpload(
  stream: AsyncIterable<Uint8Array | string>,
  limitBytes: number = PHOTO_MAX_BYTES,
): Promise<VerifiedPhoto> {
  const chunks: Buffer[] = [];
  let total = 0;
  let kind: PhotoKind | null = null;
  // Leaving the loop early (throw) returns the iterator, which destroys a Readable.
  for await (const chunk of stream) {
    const buffer =
      typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    total += buffer.length;
    if (total > limitBytes) {
      throw new PeopleError(ErrorCode.PayloadTooLarge, `The photo is larger than the ${formatBytes(limitBytes)} limit`);
    }
    chunks.push(buffer);
    if (kind === null && total >= SNIFF_BYTES) {
      kind = sniffPhotoKind(Buffer.concat(chunks));
      if (kind === null) throw unsupported();
    }
  }
  const bytes = Buffer.concat(chunks, total);
  kind ??= sniffPhotoKind(bytes);
  if (kind === null) throw unsupported();
  return { bytes, kind };
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${bytes} bytes`;
}
