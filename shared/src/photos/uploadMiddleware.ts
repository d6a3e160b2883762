import type { RequestHandler } from 'express';
import { Upload, type FileUpload } from 'graphql-upload-minimal';
import type { Readable } from 'node:stream';
import { MalformedRequestError, PeopleError } from '../errors';
import { readMultipartUpload, type UploadTimeouts } from './multipartUpload';

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
    throw new MalformedRequestError(`The '${name}' multipart field is not valid JSON (${SPEC})`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Puts `upload` where `path` (`variables.photo`) points in the operation, which must hold null there. */
function place(operations: Record<string, unknown>, path: string, upload: Upload): void {
  const keys = path.split('.');
  const last = keys.pop();
  let target: unknown = operations;
  for (const key of keys) {
    if (UNSAFE_KEYS.has(key) || !(isObject(target) || Array.isArray(target))) break;
    target = (target as Record<string, unknown>)[key];
  }
  if (last === undefined || UNSAFE_KEYS.has(last) || !(isObject(target) || Array.isArray(target))) {
    throw new MalformedRequestError(`The map names a path that is not in the operation: ${path}`);
  }
  if ((target as Record<string, unknown>)[last] !== null) {
    throw new MalformedRequestError(`The map names a path that does not hold null: ${path}`);
  }
  (target as Record<string, unknown>)[last] = upload;
}

/**
 * Parses GraphQL multipart requests (one operation, at most one file) into `req.body` for Apollo;
 * other requests pass through. The operation runs while the file arrives; the file's stream ends
 * only once the whole body has arrived well-formed, so a body cut short or malformed after the
 * file fails the upload with BAD_REQUEST instead of storing a damaged photo.
 */
export function graphqlUploadMiddleware(options: UploadMiddlewareOptions): RequestHandler {
  return (req, res, next) => {
    const contentType = req.headers['content-type'];
    if (typeof contentType !== 'string' || !contentType.toLowerCase().startsWith('multipart/form-data')) {
      next();
      return;
    }
    let operations: Record<string, unknown> | undefined;
    let upload: SettlableUpload | undefined;
    readMultipartUpload(req, {
      fields: ['operations', 'map'],
      maxFieldBytes: MAX_FIELD_BYTES,
      maxFileBytes: options.maxFileBytes,
      tooLargeMessage: `The photo is larger than the ${options.maxFileBytes / (1024 * 1024)} MB limit`,
      timeouts: options.timeouts,
      missingFile: (field) => new MalformedRequestError(`The file '${field}' named in the map is missing`),
      expectedFile: (fields) => {
        const parsed = parseJson('operations', fields.operations ?? '');
        if (!isObject(parsed)) throw new MalformedRequestError(`'operations' must be one operation object (${SPEC})`);
        const map = parseJson('map', fields.map ?? '');
        if (!isObject(map)) throw new MalformedRequestError(`'map' must be an object (${SPEC})`);
        const entries = Object.entries(map);
        if (entries.length > 1) throw new MalformedRequestError('Only one file may be sent');
        operations = parsed;
        const [entry] = entries;
        if (!entry) return undefined;
        const [field, paths] = entry;
        if (!Array.isArray(paths) || paths.length !== 1 || typeof paths[0] !== 'string') {
          throw new MalformedRequestError(`The map entry '${field}' must list one path (${SPEC})`);
        }
        upload = new Upload() as SettlableUpload;
        place(parsed, paths[0], upload);
        return field;
      },
    }).then(
      ({ file }) => {
        if (upload && file) {
          const { stream } = file;
          upload.resolve({
            fieldName: file.field,
            filename: file.filename,
            mimetype: file.mimeType,
            encoding: '7bit',
            // busboy's file stream is a Readable; graphql-upload-minimal declares an fs.ReadStream,
            // and every reader here uses it as a Readable.
            // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
            createReadStream: () => stream as ReturnType<FileUpload['createReadStream']>,
          });
        }
        req.body = operations;
        next();
      },
      (error: unknown) => {
        const known = error instanceof PeopleError ? error : new MalformedRequestError('Invalid multipart request');
        res.status(known.httpStatus).json({ errors: [{ message: known.message, extensions: { code: known.code } }] });
      },
    );
  };
}
