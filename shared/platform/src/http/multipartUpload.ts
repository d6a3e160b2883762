import type { IncomingMessage } from 'node:http';
import { PassThrough, Readable } from 'node:stream';
import busboy from 'busboy';
import { ErrorCode, PeopleError } from '@people/domain';

/** How long an upload may take: without a byte arriving, and in all. */
export interface UploadTimeouts {
  idleMs: number;
  totalMs: number;
}

export interface IncomingFile {
  field: string;
  filename: string;
  mimeType: string;
  /**
   * The file's bytes as they arrive. It ends only once the whole request body has arrived and
   * proved well-formed; any fault found later (a body cut short, a part after the file, a stall)
   * destroys it with the error instead, so a consumer never takes a damaged upload for a whole one.
   */
  stream: Readable;
}

export interface MultipartUploadOptions {
  /** The text fields that must come first, in this order. */
  fields: readonly string[];
  maxFieldBytes: number;
  /**
   * Given the fields, the name of the one file part expected after them, or undefined when no
   * file is expected. May throw a PeopleError to refuse the fields.
   */
  expectedFile: (fields: Record<string, string>) => string | undefined;
  /** The error for a body whose file is not the expected one, or has none. */
  missingFile: (expected: string) => PeopleError;
  /** Bytes the file may have; a larger one is refused. */
  maxFileBytes: number;
  /** The message for a file over `maxFileBytes`. */
  tooLargeMessage: string;
  timeouts: UploadTimeouts;
}

export interface MultipartUpload {
  fields: Record<string, string>;
  /** Undefined when no file was expected and the body ended whole without one. */
  file?: IncomingFile;
}

/** The file part of a body read by `readMultipartHead`, left as it was sent. */
export interface ForwardedFile {
  field: string;
  filename: string;
  mimeType: string;
  /** The body's boundary, which `rest` is written with. */
  boundary: string;
  /**
   * The body from the delimiter that starts the file part (`\r\n--boundary`) to its end, byte for
   * byte, as it arrives. It ends once the request has; a request cut off, stalled, over its time
   * or over the file's size (with room for the part's headers) destroys it with the error instead.
   * Whether that rest is well-formed is for whoever reads it to judge.
   */
  rest: Readable;
}

export interface MultipartHead {
  fields: Record<string, string>;
  /** Undefined when no file was expected and the body ended whole without one. */
  file?: ForwardedFile;
}

/** Room in a forwarded rest for the file part's delimiter and headers, and the closing delimiter. */
const FORWARD_ENVELOPE_BYTES = 64 * 1024;
/** busboy reads a part's headers from the pieces it is given; no piece is larger than this. */
const HEAD_PIECE_BYTES = 16 * 1024;
/**
 * Bytes kept after the latest delimiter, to hand on once the file part starts: its headers (which
 * busboy bounds at 16 KiB) and the piece in which they end.
 */
const KEPT_AFTER_DELIMITER_BYTES = 64 * 1024;

/**
 * A refusal of this reader's (a body malformed, too large, too slow) as another service answered
 * it, rebuilt from its code and message; undefined for any other code.
 */
export function uploadRefusal(code: unknown, message: string): PeopleError | undefined {
  switch (code) {
    case ErrorCode.BadRequest:
      return new PeopleError(ErrorCode.BadRequest, message);
    case ErrorCode.PayloadTooLarge:
      return new PeopleError(ErrorCode.PayloadTooLarge, message);
    case ErrorCode.RequestTimeout:
      return new PeopleError(ErrorCode.RequestTimeout, message);
    default:
      return undefined;
  }
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** The boundary parameter of a multipart Content-Type, quoted or not. */
function boundaryOf(contentType: string | undefined): string | undefined {
  const match = /;\s*boundary\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(contentType ?? '');
  return match?.[1]?.replace(/\\(.)/g, '$1') ?? match?.[2];
}

/**
 * Finds a delimiter (`\r\n--boundary`) in a body given chunk by chunk, as busboy does: leftmost
 * first, never overlapping, across chunk edges.
 */
class DelimiterScanner {
  private carry = Buffer.alloc(0);

  constructor(private readonly needle: Buffer) {}

  /** Where in `chunk` each delimiter that this chunk completes ends. */
  scan(chunk: Buffer): number[] {
    const data = Buffer.concat([this.carry, chunk]);
    const ends: number[] = [];
    let from = 0;
    for (let at = data.indexOf(this.needle, from); at >= 0; at = data.indexOf(this.needle, from)) {
      from = at + this.needle.length;
      ends.push(from - this.carry.length);
    }
    this.carry = Buffer.from(data.subarray(Math.max(from, data.length - this.needle.length + 1)));
    return ends;
  }
}

/**
 * Reads a multipart/form-data request of text fields followed by at most one file, strictly: the
 * fields in order, then only the expected file, then nothing but the closing boundary. Resolves
 * once the file starts (or the body ends without one), so that the file can be streamed on while
 * it arrives; rejects with a PeopleError for any fault found before then. It stops reading the
 * request on the first fault and never lets an error event go unhandled.
 */
export async function readMultipartUpload(
  req: IncomingMessage,
  options: MultipartUploadOptions,
): Promise<MultipartUpload> {
  const { fields, file } = await read(req, options, false);
  return file && 'stream' in file ? { fields, file } : { fields };
}

/**
 * Reads the text fields of a multipart request as strictly as `readMultipartUpload`, and the
 * expected file part's headers, but hands on the rest of the body from that part on undecoded:
 * for a service that passes the file to another one, which reads it strictly itself.
 */
export async function readMultipartHead(req: IncomingMessage, options: MultipartUploadOptions): Promise<MultipartHead> {
  const { fields, file } = await read(req, options, true);
  return file && 'rest' in file ? { fields, file } : { fields };
}

function read(
  req: IncomingMessage,
  options: MultipartUploadOptions,
  forward: boolean,
): Promise<{ fields: Record<string, string>; file?: IncomingFile | ForwardedFile }> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      limits: {
        fields: options.fields.length,
        fieldSize: options.maxFieldBytes,
        files: 1,
        // busboy reports the limit on reaching it, so one byte more marks a file that is over.
        fileSize: options.maxFileBytes + 1,
        headerPairs: 20,
      },
    });
  } catch {
    return Promise.reject(
      new PeopleError(ErrorCode.BadRequest, 'The body must be multipart/form-data with a boundary'),
    );
  }
  const boundary = boundaryOf(req.headers['content-type']) ?? '';

  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let fieldsDone = options.fields.length === 0;
    let expected = fieldsDone ? options.expectedFile(fields) : undefined;
    let out: PassThrough | undefined;
    /** When forwarding: the rest of the body from the file part on. */
    let rest: Readable | undefined;
    let fileEnded = false;
    let bodyWhole = false;
    let failed = false;
    /** The whole body arrived well-formed: nothing can fail any more. */
    let done = false;

    const idle = setTimeout(onIdle, options.timeouts.idleMs);
    const total = setTimeout(
      () =>
        fail(
          new PeopleError(ErrorCode.RequestTimeout, `The upload took longer than ${seconds(options.timeouts.totalMs)}`),
        ),
      options.timeouts.totalMs,
    );

    function onIdle(): void {
      // Waiting on our own consumer (backpressure) is not the client stalling.
      if (req.readableFlowing === false) {
        idle.refresh();
        return;
      }
      fail(
        new PeopleError(
          ErrorCode.RequestTimeout,
          `The upload stalled: nothing arrived for ${seconds(options.timeouts.idleMs)}`,
        ),
      );
    }

    function stopTimers(): void {
      clearTimeout(idle);
      clearTimeout(total);
    }

    /** Reads the request no further. */
    function stopReading(): void {
      failed = true;
      stopTimers();
      req.unpipe(parser);
      req.off('data', forwardData);
      stopParser();
    }

    function stopParser(): void {
      parser.removeAllListeners('field').removeAllListeners('file').removeAllListeners('close');
      // Errors still raised by a parser or stream torn down mid-part have nowhere to go.
      parser.removeAllListeners('error').on('error', () => undefined);
      // Not from inside busboy's own callbacks: it would go on writing to the part it just lost.
      setImmediate(() => parser.destroy());
    }

    /** The field expected next; called only while some are still expected. */
    function nextField(): string {
      return options.fields[Object.keys(fields).length] ?? '';
    }

    function fail(error: PeopleError): void {
      if (failed || done) return;
      stopReading();
      const stream = out ?? rest;
      if (stream) stream.destroy(error);
      else reject(error);
    }

    function finishIfWhole(): void {
      if (failed || !bodyWhole) return;
      if (rest) {
        done = true;
        stopTimers();
        rest.push(null);
        return;
      }
      if (out) {
        if (!fileEnded) return;
        done = true;
        stopTimers();
        out.end();
        return;
      }
      if (!fieldsDone) {
        fail(new PeopleError(ErrorCode.BadRequest, `The multipart field '${nextField()}' is missing`));
      } else if (expected !== undefined) {
        fail(options.missingFile(expected));
      } else {
        done = true;
        stopTimers();
        resolve({ fields });
      }
    }

    parser.on('field', (name, value, info) => {
      if (out || fieldsDone) {
        fail(new PeopleError(ErrorCode.BadRequest, `No part may follow the file; got '${name}'`));
        return;
      }
      const want = nextField();
      if (name !== want) {
        fail(new PeopleError(ErrorCode.BadRequest, `Expected the multipart field '${want}', got '${name}'`));
        return;
      }
      if (info.valueTruncated) {
        fail(
          new PeopleError(
            ErrorCode.PayloadTooLarge,
            `The multipart field '${name}' is over ${options.maxFieldBytes} bytes`,
          ),
        );
        return;
      }
      fields[name] = value;
      if (Object.keys(fields).length < options.fields.length) return;
      fieldsDone = true;
      try {
        expected = options.expectedFile(fields);
      } catch (error) {
        fail(error as PeopleError);
      }
    });

    parser.on('file', (name, file, info) => {
      file.on('error', () => undefined);
      if (!fieldsDone) {
        file.resume();
        fail(new PeopleError(ErrorCode.BadRequest, `Expected the multipart field '${nextField()}' before any file`));
        return;
      }
      if (expected === undefined) {
        file.resume();
        fail(new PeopleError(ErrorCode.BadRequest, `Unexpected file '${name}'`));
        return;
      }
      if (name !== expected) {
        file.resume();
        fail(options.missingFile(expected));
        return;
      }
      if (forward) {
        file.resume();
        fileStarted = { field: name, filename: info.filename ?? 'upload', mimeType: info.mimeType };
        return;
      }
      const stream = new PassThrough();
      // A fault may come before anyone reads the file; a later reader still gets it (`errored`).
      stream.on('error', () => undefined);
      // A consumer that gives up (a photo refused by its first bytes) destroys the stream: the
      // request is then read no further, and the consumer's own error is the answer.
      stream.on('close', () => {
        if (!failed && !stream.writableFinished) stopReading();
      });
      out = stream;
      file.on('limit', () => fail(new PeopleError(ErrorCode.PayloadTooLarge, options.tooLargeMessage)));
      file.on('end', () => {
        fileEnded = true;
        finishIfWhole();
      });
      file.pipe(stream, { end: false });
      resolve({ fields, file: { field: name, filename: info.filename ?? 'upload', mimeType: info.mimeType, stream } });
    });

    parser.on('filesLimit', () => fail(new PeopleError(ErrorCode.BadRequest, 'Only one file may be sent')));
    // busboy reports these as the first part past the limit starts.
    parser.on('fieldsLimit', () =>
      fail(new PeopleError(ErrorCode.BadRequest, 'The body has more fields than expected')),
    );
    parser.on('error', (error: Error) =>
      fail(new PeopleError(ErrorCode.BadRequest, `Malformed multipart body: ${error.message.replace(/\.$/, '')}`)),
    );
    parser.on('close', () => {
      bodyWhole = true;
      finishIfWhole();
    });

    /** Set by the 'file' listener when forwarding: the file part's headers have been read. */
    let fileStarted: Omit<ForwardedFile, 'boundary' | 'rest'> | undefined;
    const needle = Buffer.from(`\r\n--${boundary}`);
    const scanner = new DelimiterScanner(needle);
    // busboy reads the body as if it began with a line break, so that a first delimiter at the very
    // start is found; the scanner must see the same.
    scanner.scan(Buffer.from('\r\n'));
    /** The body since the latest delimiter, while it is short enough to be a part's headers. */
    let kept: Buffer[] | undefined;
    let keptBytes = 0;
    let restBytes = 0;

    /** Hands on the rest of the body from the file part's delimiter, counting it against the limit. */
    function pass(chunk: Buffer): void {
      if (!rest || failed) return;
      restBytes += chunk.length;
      if (restBytes > options.maxFileBytes + FORWARD_ENVELOPE_BYTES) {
        fail(new PeopleError(ErrorCode.PayloadTooLarge, options.tooLargeMessage));
        return;
      }
      if (!rest.push(chunk)) req.pause();
    }

    function startRest(file: Omit<ForwardedFile, 'boundary' | 'rest'>, first: Buffer): void {
      stopParser();
      const stream = new Readable({ read: () => req.resume() });
      // A fault may come before anyone reads the rest; a later reader still gets it (`errored`).
      stream.on('error', () => undefined);
      // A consumer that gives up stops the request being read any further.
      stream.on('close', () => {
        if (!failed && !done) stopReading();
      });
      rest = stream;
      resolve({ fields, file: { ...file, boundary, rest: stream } });
      pass(first);
    }

    /**
     * Gives busboy the body up to the file part, in pieces that end at each delimiter, so that when
     * it reports the file the delimiter before it is known: from there on the body is passed on as
     * it is, and busboy reads no more of it.
     */
    function forwardData(chunk: Buffer): void {
      if (rest) {
        pass(chunk);
        return;
      }
      let start = 0;
      const ends = scanner.scan(chunk);
      const cuts = [...ends, chunk.length];
      for (const [index, cut] of cuts.entries()) {
        for (let from = start; from < cut; from += HEAD_PIECE_BYTES) {
          const piece = chunk.subarray(from, Math.min(from + HEAD_PIECE_BYTES, cut));
          keptBytes += piece.length;
          if (keptBytes > KEPT_AFTER_DELIMITER_BYTES) kept = undefined;
          kept?.push(piece);
          parser.write(piece);
          if (failed) return;
          if (fileStarted) {
            if (!kept) {
              fail(new PeopleError(ErrorCode.BadRequest, 'The file part has headers too long to pass on'));
              return;
            }
            startRest(fileStarted, Buffer.concat([needle, ...kept, chunk.subarray(from + piece.length)]));
            return;
          }
        }
        if (index < ends.length) {
          kept = [];
          keptBytes = 0;
        }
        start = cut;
      }
    }

    req.on('data', () => idle.refresh());
    req.on('error', () => fail(new PeopleError(ErrorCode.BadRequest, 'The upload was cut off')));
    req.on('close', () => {
      if (!req.readableEnded) fail(new PeopleError(ErrorCode.BadRequest, 'The upload was cut off'));
    });
    if (forward) {
      req.on('data', forwardData);
      req.on('end', () => {
        if (rest) {
          bodyWhole = true;
          finishIfWhole();
        } else if (!failed) {
          parser.end();
        }
      });
    } else {
      req.pipe(parser);
    }
  });
}
