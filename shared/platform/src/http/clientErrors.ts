import http from 'node:http';
import type { Duplex } from 'node:stream';
import { ErrorCode } from '@people/domain';

/** A service's error body, in its own shape, for a request that could not be read as HTTP. */
export type ClientErrorBody = (code: ErrorCode, message: string) => unknown;

/** The shape the gateway and the subgraphs use for every error. */
export const graphqlClientErrorBody: ClientErrorBody = (code, message) => ({
  errors: [{ message, extensions: { code } }],
});

interface ClientError {
  status: number;
  code: ErrorCode;
  message: string;
}

function describe(error: NodeJS.ErrnoException): ClientError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        code: ErrorCode.BadRequest,
        message: `The request line and headers are over ${http.maxHeaderSize / 1024} kB together`,
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: ErrorCode.RequestTimeout, message: 'The request did not arrive in time' };
    default:
      return { status: 400, code: ErrorCode.BadRequest, message: 'The request is not valid HTTP/1.1' };
  }
}

/**
 * Answers requests that Node's parser refuses before any handler sees them (headers over the size
 * limit, a malformed request line, a request too slow to arrive) with a status and a body that
 * says why, instead of Node's bare status line. A connection with an answer under way is only
 * closed: writing another answer into it would corrupt the first.
 */
export class ClientErrors {
  private readonly answering = new WeakSet<Duplex>();

  constructor(private readonly body: ClientErrorBody) {}

  /** Call as a request arrives, so its connection is known to be answering until it is done. */
  watch(req: http.IncomingMessage, res: http.ServerResponse): void {
    const socket = req.socket;
    this.answering.add(socket);
    const done = () => this.answering.delete(socket);
    res.once('finish', done);
    res.once('close', done);
  }

  listenOn(server: http.Server): void {
    server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
      if (error.code === 'ECONNRESET' || !socket.writable || this.answering.has(socket)) {
        socket.destroy();
        return;
      }
      const { status, code, message } = describe(error);
      const text = JSON.stringify(this.body(code, message));
      socket.end(
        `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\n` +
          `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n` +
          `Connection: close\r\n\r\n${text}`,
      );
    });
  }
}
