declare module 'proxy-addr' {
  import type { IncomingMessage } from 'node:http';

  /** The client's address: the nearest one in the forwarding chain that `trust` does not trust. */
  function proxyaddr(req: IncomingMessage, trust: (address: string, hop: number) => boolean): string;
  export = proxyaddr;
}
