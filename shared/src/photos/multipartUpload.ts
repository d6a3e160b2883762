import type { IncomingMessage } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import busboy from 'busboy';
import { MalformedRequestError, PayloadTooLargeError, RequestTimeoutError, type PeopleError } from '../errors';

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

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/**
 * Reads a multipart/form-data request of text fields followed by at most one file, strictly: the
 * fields in order, then only the expected file, then nothing but the closing boundary. Resolves
 * once the file starts (or the body ends without one), so that the file can be streamed on while
 * it arrives; rejects with a PeopleError for any fault found before then. It stops reading the
 * request on the first fault and never lets an error event go unhandled.
 */
export function readMultipartUpload(req: IncomingMessage, options: MultipartUploadOptions): Promise<MultipartUpload> {
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
    return Promise.reject(new MalformedRequestError('The body must be multipart/form-data with a boundary'));
  }

  return new Promise<MultipartUpload>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let fieldsDone = options.fields.length === 0;
    let expected = fieldsDone ? options.expectedFile(fields) : undefined;
    let out: PassThrough | undefined;
    let fileEnded = false;
    let bodyWhole = false;
    let failed = false;
    /** The whole body arrived well-formed: nothing can fail any more. */
    let done = false;

    const idle = setTimeout(onIdle, options.timeouts.idleMs);
    const total = setTimeout(
      () => fail(new RequestTimeoutError(`The upload took longer than ${seconds(options.timeouts.totalMs)}`)),
      options.timeouts.totalMs,
    );

    function onIdle(): void {
      // Waiting on our own consumer (backpressure) is not the client stalling.
      if (req.readableFlowing === false) {
        idle.refresh();
        return;
      }
      fail(new RequestTimeoutError(`The upload stalled: nothing arrived for ${seconds(options.timeouts.idleMs)}`));
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
      parser.removeAllListeners('field').removeAllListeners('file');
      // Errors still raised by a parser or stream torn down mid-part have nowhere to go.
      parser.on('error', () => undefined);
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
      if (out) out.destroy(error);
      else reject(error);
    }

    function finishIfWhole(): void {
      if (failed || !bodyWhole) return;
      if (out) {
        if (!fileEnded) return;
        done = true;
        stopTimers();
        out.end();
        return;
      }
      if (!fieldsDone) {
        fail(new MalformedRequestError(`The multipart field '${nextField()}' is missing`));
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
        fail(new MalformedRequestError(`No part may follow the file; got '${name}'`));
        return;
      }
      const want = nextField();
      if (name !== want) {
        fail(new MalformedRequestError(`Expected the multipart field '${want}', got '${name}'`));
        return;
      }
      if (info.valueTruncated) {
        fail(new PayloadTooLargeError(`The multipart field '${name}' is over ${options.maxFieldBytes} bytes`));
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
        fail(new MalformedRequestError(`Expected the multipart field '${nextField()}' before any file`));
        return;
      }
      if (expected === undefined) {
        file.resume();
        fail(new MalformedRequestError(`Unexpected file '${name}'`));
        return;
      }
      if (name !== expected) {
        file.resume();
        fail(options.missingFile(expected));
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
      file.on('limit', () => fail(new PayloadTooLargeError(options.tooLargeMessage)));
      file.on('end', () => {
        fileEnded = true;
        finishIfWhole();
      });
      file.pipe(stream, { end: false });
      resolve({ fields, file: { field: name, filename: info.filename ?? 'upload', mimeType: info.mimeType, stream } });
    });

    parser.on('filesLimit', () => fail(new MalformedRequestError('Only one file may be sent')));
    // busboy reports these as the first part past the limit starts.
    parser.on('fieldsLimit', () => fail(new MalformedRequestError('The body has more fields than expected')));
    parser.on('error', (error: Error) =>
      fail(new MalformedRequestError(`Malformed multipart body: ${error.message.replace(/\.$/, '')}`)),
    );
    parser.on('close', () => {
      bodyWhole = true;
      finishIfWhole();
    });

    req.on('data', () => idle.refresh());
    req.on('error', () => fail(new MalformedRequestError('The upload was cut off')));
    req.on('close', () => {
      if (!req.readableEnded) fail(new MalformedRequestError('The upload was cut off'));
    });
    req.pipe(parser);
  });
}
