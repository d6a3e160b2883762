/**
 * A bare `node:http` handler that forwards each POST body to its target over a pooled undici
 * connection and sends the answer back, with nothing else (no parse, no validation, no plan, no
 * headers of its own): what one proxying hop costs in Node on this machine. In front of the read
 * subgraph it is the Node floor for a gateway; in front of the gateway, the ceiling for a bridge.
 */
import http from 'node:http';
import { Pool } from 'undici';

const port = Number(process.env.NODE_PROXY_PORT);
const target = new URL(process.env.NODE_PROXY_TARGET ?? '');
const pool = new Pool(target.origin, { connections: 64 });

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('error', () => res.destroy());
  req.on('end', () => {
    pool
      .request({
        method: 'POST',
        path: target.pathname,
        headers: { 'content-type': 'application/json' },
        body: Buffer.concat(chunks),
      })
      .then(async ({ statusCode, body }) => {
        const answer = Buffer.from(await body.arrayBuffer());
        res.writeHead(statusCode, { 'content-type': 'application/json' }).end(answer);
      })
      .catch(() => res.writeHead(502).end());
  });
});
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  void pool.close();
});
