import type { RequestHandler } from 'express';
import { processRequest, type FileUpload } from 'graphql-upload-minimal';
import type { Readable } from 'node:stream';
import { ErrorCode } from '../errors';

/** What an `Upload` variable holds in a resolver: graphql-upload-minimal's promise of the file. */
export type PhotoUpload = Promise<FileUpload>;

/** The file stream of an upload, typed for `verifyUpload`. */
export async function uploadStream(upload: PhotoUpload): Promise<Readable> {
  return (await upload).createReadStream();
}

export interface UploadMiddlewareOptions {
  /** Bytes one file may have; the parser truncates there. Omit to leave bounding to the reader. */
  maxFileSize?: number;
  maxFiles: number;
}

interface HttpStatusError {
  status?: number;
  message?: string;
}

function isMultipart(contentType: string | undefined): boolean {
  return typeof contentType === 'string' && contentType.toLowerCase().startsWith('multipart/form-data');
}

/**
 * Parses GraphQL multipart requests (the upload spec) into `req.body` for Apollo; other requests
 * pass through. The connection of an upload is closed after the answer: a refused upload may
 * still be arriving, and draining it to keep the connection would mean reading it whole.
 */
export function graphqlUploadMiddleware(options: UploadMiddlewareOptions): RequestHandler {
  return (req, res, next) => {
    if (!isMultipart(req.headers['content-type'])) {
      next();
      return;
    }
    res.setHeader('Connection', 'close');
    processRequest(req, res, {
      maxFiles: options.maxFiles,
      ...(options.maxFileSize ? { maxFileSize: options.maxFileSize } : {}),
    }).then(
      (operations) => {
        req.body = operations;
        next();
      },
      (error: HttpStatusError) => {
        const status =
          typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 400;
        const code = status === 413 ? ErrorCode.PayloadTooLarge : 'BAD_REQUEST';
        res
          .status(status)
          .json({ errors: [{ message: error.message ?? 'Invalid multipart request', extensions: { code } }] });
      },
    );
  };
}
