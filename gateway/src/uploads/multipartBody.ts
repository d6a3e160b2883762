import { randomBytes } from 'node:crypto';
import type { FileUpload } from 'graphql-upload-minimal';

export interface MultipartFile {
  /** The multipart field name, as listed in `map`. */
  field: string;
  file: FileUpload;
}

export interface MultipartBody {
  contentType: string;
  body: AsyncIterable<Uint8Array>;
}

const encoder = new TextEncoder();

/** Quotes a header parameter as browsers and undici do. */
function quote(value: string): string {
  return value.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
}

/**
 * A GraphQL multipart request body (`operations`, `map`, then the files), streamed: each file is
 * read as it is sent (the upload parser has already bounded its size). The platform's FormData
 * cannot be used here: it takes only Blobs, which would mean holding each file in memory first.
 */
export function multipartBody(
  operations: string,
  map: Record<string, string[]>,
  files: MultipartFile[],
): MultipartBody {
  const boundary = `----people-upload-${randomBytes(16).toString('hex')}`;
  const field = (name: string, value: string) =>
    encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`);

  async function* generate(): AsyncGenerator<Uint8Array> {
    yield field('operations', operations);
    yield field('map', JSON.stringify(map));
    for (const { field: name, file } of files) {
      yield encoder.encode(
        `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"; filename="${quote(file.filename)}"\r\n` +
          `Content-Type: ${file.mimetype.replace(/[\r\n]/g, '') || 'application/octet-stream'}\r\n\r\n`,
      );
      yield* file.createReadStream() as AsyncIterable<Buffer>;
      yield encoder.encode('\r\n');
    }
    yield encoder.encode(`--${boundary}--\r\n`);
  }

  return { contentType: `multipart/form-data; boundary=${boundary}`, body: generate() };
}
