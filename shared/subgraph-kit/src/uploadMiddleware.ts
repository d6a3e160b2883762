import type { RequestHandler } from 'express';
import { Upload, type FileUpload } from 'graphql-upload-minimal';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { PeopleError, ErrorCode } from '@people/domain';
import {
  readMultipartHead,
  readMultipartUpload,
  type ForwardedFile,
  type IncomingFile,
  type MultipartUploadOptions,
  type UploadTimeouts,
} from '@people/platform';

/** What an `Upload` variable holds in a resolver: graphql-upload-minimal's promise of the file. */
export type PhotoUpload = Promise<FileUpload>;

/** The file stream of an upload, typed for `verifyUpload`. */
export async function uploadStream(upload: PhotoUpload): Promise<Readable> {
  return (await upload).createReadStream();
}

export interface UploadMiddlewareOptions {
  /** Bytes the file may have. */
  maxFileBytes: number;
  timeouts: UploadTimeouts;
}

/** `operations` of one request: its query can be long, but not unbounded. */
const MAX_FIELD_BYTES = 100 * 1024;
const SPEC = 'see the GraphQL multipart request spec';
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** graphql-upload-minimal's Upload, whose settle functions exist at run time but not in its types. */
interface SettlableUpload extends Upload {
  resolve(file: FileUpload): void;
  reject(error: Error): void;
}

function parseJson(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new PeopleError(ErrorCode.BadRequest, `The '${name}' multipart field is not valid JSON (${SPEC})`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Puts `upload` where `path` (`variables.photo`) points in the operation, which must hold null there. */
function place(operations: Record<string, unknown>, path: string, upload: unknown): void {
  const keys = path.split('.');
  const last = keys.pop();
  let target: unknown = operations;
  for (const key of keys) {
    if (UNSAFE_KEYS.has(key) || !(isObject(target) || Array.isArray(target))) break;
    target = (target as Record<string, unknown>)[key];
  }
  if (last === undefined || UNSAFE_KEYS.has(last) || !(isObject(target) || Array.isArray(target))) {
    throw new PeopleError(ErrorCode.BadRequest, `The map names a path that is not in the operation: ${path}`);
  }
  if ((target as Record<string, unknown>)[last] !== null) {
    throw new PeopleError(ErrorCode.BadRequest, `The map names a path that does not hold null: ${path}`);
  }
  (target as Record<string, unknown>)[last] = upload;
}

/**
 * A file the gateway passes on undecoded, where the operation's variables hold it: serialised as
 * null (as `operations` carries it), and taken once by the fetch that forwards it.
 */
export class ForwardedUpload {
  private file: ForwardedFile | undefined;
  private taken = false;

  constructor(
    /** The file part's name in the client's body, which the forwarded map must name too. */
    readonly field: string,
  ) {}

  toJSON(): null {
    return null;
  }

  attach(file: ForwardedFile): void {
    this.file = file;
  }

  /** The rest of the body can be read only once. */
  take(): ForwardedFile {
    if (!this.file || this.taken)
      throw new PeopleError(ErrorCode.BadRequest, 'The uploaded file can be sent on only once');
    this.taken = true;
    return this.file;
  }
}

/** The forwarded upload in an operation's variables, and its path there (`variables.photo`). */
export function findForwardedUpload(
  variables: Record<string, unknown>,
): { upload: ForwardedUpload; path: string } | undefined {
  const walk = (value: unknown, path: string): { upload: ForwardedUpload; path: string } | undefined => {
    if (value instanceof ForwardedUpload) return { upload: value, path };
    if (value === null || typeof value !== 'object') return undefined;
    for (const [key, item] of Object.entries(value)) {
      const found = walk(item, `${path}.${key}`);
      if (found) return found;
    }
    return undefined;
  };
  return walk(variables, 'variables');
}

interface ReadOperation<F> {
  read: (req: IncomingMessage, options: MultipartUploadOptions) => Promise<{ file?: F }>;
  /** What stands for the file in the operation's variables, and how it gets the file once read. */
  placeholder: (field: string) => { value: unknown; settle(file: F): void };
}

/**
 * Parses GraphQL multipart requests (one operation, at most one file) into `req.body` for Apollo;
 * other requests pass through. The operation runs while the file arrives.
 */
function multipartOperations<F>(options: UploadMiddlewareOptions, how: ReadOperation<F>): RequestHandler {
  return (req, res, next) => {
    const contentType = req.headers['content-type'];
    if (typeof contentType !== 'string' || !contentType.toLowerCase().startsWith('multipart/form-data')) {
      next();
      return;
    }
    let operations: Record<string, unknown> | undefined;
    let placeholder: { value: unknown; settle(file: F): void } | undefined;
    how
      .read(req, {
        fields: ['operations', 'map'],
        maxFieldBytes: MAX_FIELD_BYTES,
        maxFileBytes: options.maxFileBytes,
        tooLargeMessage: `The photo is larger than the ${options.maxFileBytes / (1024 * 1024)} MB limit`,
        timeouts: options.timeouts,
        missingFile: (field) =>
          new PeopleError(ErrorCode.BadRequest, `The file '${field}' named in the map is missing`),
        expectedFile: (fields) => {
          const parsed = parseJson('operations', fields.operations ?? '');
          if (!isObject(parsed))
            throw new PeopleError(ErrorCode.BadRequest, `'operations' must be one operation object (${SPEC})`);
          const map = parseJson('map', fields.map ?? '');
          if (!isObject(map)) throw new PeopleError(ErrorCode.BadRequest, `'map' must be an object (${SPEC})`);
          const entries = Object.entries(map);
          if (entries.length > 1) throw new PeopleError(ErrorCode.BadRequest, 'Only one file may be sent');
          operations = parsed;
          const [entry] = entries;
          if (!entry) return undefined;
          const [field, paths] = entry;
          if (!Array.isArray(paths) || paths.length !== 1 || typeof paths[0] !== 'string') {
            throw new PeopleError(ErrorCode.BadRequest, `The map entry '${field}' must list one path (${SPEC})`);
          }
          placeholder = how.placeholder(field);
          place(parsed, paths[0], placeholder.value);
          return field;
        },
      })
      .then(
        ({ file }) => {
          if (placeholder && file) placeholder.settle(file);
          req.body = operations;
          next();
        },
        (error: unknown) => {
          const known =
            error instanceof PeopleError ? error : new PeopleError(ErrorCode.BadRequest, 'Invalid multipart request');
          res.status(known.httpStatus).json({ errors: [{ message: known.message, extensions: { code: known.code } }] });
        },
      );
  };
}

/**
 * For the service that stores the file: the `Upload` variable is graphql-upload-minimal's promise
 * of it. The file's stream ends only once the whole body has arrived well-formed, so a body cut
 * short or malformed after the file fails the upload with BAD_REQUEST instead of storing a
 * damaged photo.
 */
export function graphqlUploadMiddleware(options: UploadMiddlewareOptions): RequestHandler {
  return multipartOperations<IncomingFile>(options, {
    read: readMultipartUpload,
    placeholder: () => {
      const upload = new Upload() as SettlableUpload;
      return {
        value: upload,
        settle: ({ field, filename, mimeType, stream }) =>
          upload.resolve({
            fieldName: field,
            filename,
            mimetype: mimeType,
            encoding: '7bit',
            // busboy's file stream is a Readable; graphql-upload-minimal declares an fs.ReadStream,
            // and every reader here uses it as a Readable.
            // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
            createReadStream: () => stream as ReturnType<FileUpload['createReadStream']>,
          }),
      };
    },
  });
}

/**
 * For the gateway, which passes the file on: the `Upload` variable is a ForwardedUpload holding
 * the rest of the body undecoded, for the update subgraph to read strictly.
 */
export function graphqlUploadForwardMiddleware(options: UploadMiddlewareOptions): RequestHandler {
  return multipartOperations<ForwardedFile>(options, {
    read: readMultipartHead,
    placeholder: (field) => {
      const upload = new ForwardedUpload(field);
      return { value: upload, settle: (file) => upload.attach(file) };
    },
  });
}
