import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';
import { ClientErrors, graphqlClientErrorBody, type ClientErrorBody } from './clientErrors';
import { EarlyAnswers } from './earlyAnswer';

export interface ListeningServer {
  server: http.Server;
  /** `http://host:port`, with the port the OS chose when 0 was asked for. */
  origin: string;
  /** Stops accepting, lets in-flight requests finish for up to `graceMs`, then cuts the rest. */
  close(graceMs?: number): Promise<void>;
}

export interface ListenOptions {
  host: string;
  port: number;
  /** Idle keep-alive sockets are kept this long, longer than a proxy's or client's pool idle time. */
  keepAliveTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** The body of an answer to a request Node cannot parse; the GraphQL error shape by default. */
  clientErrorBody?: ClientErrorBody;
}

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

export function listen(handler: RequestListener, options: ListenOptions): Promise<ListeningServer> {
  const earlyAnswers = new EarlyAnswers();
  const clientErrors = new ClientErrors(options.clientErrorBody ?? graphqlClientErrorBody);
  const server = http.createServer((req, res) => {
    earlyAnswers.watch(req, res);
    clientErrors.watch(req, res);
    handler(req, res);
  });
  clientErrors.listenOn(server);
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 65_000;
  server.headersTimeout = Math.max(server.keepAliveTimeout + 1000, 66_000);
  server.requestTimeout = options.requestTimeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      resolve({
        server,
        origin: `http://${displayHost(options.host)}:${port}`,
        close: (graceMs = 10_000) => {
          earlyAnswers.closeAll();
          return closeServer(server, graceMs);
        },
      });
    });
  });
}

function closeServer(server: http.Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
