import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP balancer in front of the replicas of one tier, as a Kubernetes Service is: each new
 * connection goes to the next replica, skipping one that refuses the connection (stopped or
 * restarting). Connections are passed through untouched.
 */
export class RoundRobin {
  private next = 0;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    private readonly backends: readonly number[],
  ) {}

  static async start(backends: readonly number[]): Promise<RoundRobin> {
    const server = net.createServer();
    const balancer = new RoundRobin(server, backends);
    server.on('connection', (client) => balancer.accept(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return balancer;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  private accept(client: net.Socket): void {
    this.sockets.add(client);
    client.once('close', () => this.sockets.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    this.connect(client, 0);
  }

  private connect(client: net.Socket, tried: number): void {
    const port = this.backends[this.next++ % this.backends.length] as number;
    const upstream = net.connect(port, '127.0.0.1');
    this.sockets.add(upstream);
    upstream.once('close', () => this.sockets.delete(upstream));
    // Until connected, an error means this replica refused: try the next one.
    upstream.once('error', () => {
      if (tried + 1 < this.backends.length && !client.destroyed) {
        this.connect(client, tried + 1);
      } else {
        client.destroy();
      }
    });
    upstream.once('connect', () => {
      upstream.removeAllListeners('error');
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
