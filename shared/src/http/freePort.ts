import net from 'node:net';

/**
 * A loopback port that nobody listens on right now, chosen by the OS: for tests and the benchmark,
 * which start a process on it, or stop a server and start it again on the same port.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
