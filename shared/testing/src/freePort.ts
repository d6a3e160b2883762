import fs from 'node:fs';
import net from 'node:net';

/** How many ports below the OS's ephemeral range to choose from. */
const SPAN = 10_000;
const handedOut = new Set<number>();

/**
 * The lowest port the OS hands out for port 0 and for outgoing connections. Choosing below it
 * means no other socket on the machine (another test's server on port 0, a client connection) can
 * take the port between the check here and the moment it is used.
 */
function ephemeralLow(): number {
  let low = Number.NaN;
  try {
    low = Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  } catch {
    // Not Linux: IANA's range below.
  }
  return Number.isInteger(low) && low > SPAN + 1024 ? low : 49_152;
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A loopback port that nobody listens on right now, for tests and the benchmark, which start a
 * process on it, or stop a server and start it again on the same port. Chosen at random below the
 * ephemeral range and never twice in one process.
 */
export async function freePort(): Promise<number> {
  const top = ephemeralLow() - 1;
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = top - Math.floor(Math.random() * SPAN);
    if (handedOut.has(port)) continue;
    if (await canListen(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`No free port found in ${top - SPAN + 1}-${top}`);
}
