import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

/** A file to write as the request's last part, read as it is sent. */
export interface MultipartFile {
  /** The part's name, as `map` lists it. */
  field: string;
  filename: string;
  mimeType: string;
  stream: Readable;
}

/**
 * The rest of a body already written with `boundary`, from the delimiter that starts its file
 * part to its end, passed on byte for byte.
 */
export interface VerbatimRest {
  boundary: string;
  rest: Readable;
}

export interface GraphQLMultipartRequest {
  /** The operation as JSON, with null where the file goes. */
  operations: string;
  map: Record<string, string[]>;
}

export interface MultipartBody {
  contentType: string;
  /** Destroying it stops reading the file; a file that fails fails it with the same error. */
  body: Readable;
}

/** Quotes a header parameter as browsers and undici do. */
function quote(value: string): string {
  return value.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
}

/**
 * A GraphQL multipart request body (`operations`, `map`, then the file part), streamed: the file
 * is read as the body is sent, never held whole. The platform's FormData cannot do this: it takes
 * only Blobs. `operations` and `map` are JSON, which holds no line break, so neither can contain a
 * delimiter, whatever the boundary.
 */
export function graphqlMultipartBody(
  request: GraphQLMultipartRequest,
  file: MultipartFile | VerbatimRest,
): MultipartBody {
  const boundary = 'boundary' in file ? file.boundary : `----people-upload-${randomBytes(16).toString('hex')}`;
  const field = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\nContent-Type: application/json\r\n\r\n${value}`;
  const head = `${field('operations', request.operations)}\r\n${field('map', JSON.stringify(request.map))}`;
  // A file failing before the body reads it fails the body when it does (`errored`); until then
  // its error must not go unhandled.
  ('rest' in file ? file.rest : file.stream).on('error', () => undefined);

  async function* generate(): AsyncGenerator<Buffer> {
    yield Buffer.from(head);
    if ('rest' in file) {
      // The rest starts with the CRLF that ends the map's value.
      yield* file.rest as AsyncIterable<Buffer>;
      return;
    }
    const type = file.mimeType.replace(/[^\w.+/-]/g, '') || 'application/octet-stream';
    yield Buffer.from(
      `\r\n--${boundary}\r\nContent-Disposition: form-data; name="${quote(file.field)}"; filename="${quote(file.filename)}"\r\n` +
        `Content-Type: ${type}\r\n\r\n`,
    );
    yield* file.stream as AsyncIterable<Buffer>;
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }

  const param = /^[\w'+.-]+$/.test(boundary) ? boundary : `"${boundary.replace(/["\\]/g, '\\$&')}"`;
  return {
    contentType: `multipart/form-data; boundary=${param}`,
    body: Readable.from(generate(), { objectMode: false }),
  };
}
