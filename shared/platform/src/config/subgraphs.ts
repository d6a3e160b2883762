import { isIP } from 'node:net';
import { ConfigError } from './loadConfig';

export const SUBGRAPH_NAMES = ['create', 'read', 'update', 'delete'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export const SUBGRAPH_DEFAULT_PORTS: Record<SubgraphName, number> = {
  create: 4001,
  read: 4002,
  update: 4003,
  delete: 4004,
};

/** A host that only this machine can reach: `localhost`, 127.0.0.0/8 or ::1. */
function isLoopbackHost(host: string): boolean {
  const address = host.replace(/^\[(.*)\]$/, '$1').replace(/^::ffff:/i, '');
  if (address === 'localhost' || address === '::1') return true;
  return isIP(address) === 4 && address.startsWith('127.');
}

/**
 * Refuses to start a subgraph that would listen beyond loopback without a secret: anyone who
 * reached its port would read and write every person with no token and past every limit.
 */
export function assertSubgraphNotExposed(host: string, sharedSecret: string | undefined): void {
  if (sharedSecret !== undefined || isLoopbackHost(host)) return;
  throw new ConfigError([
    `SUBGRAPH_SHARED_SECRET: required (16+ characters, the same for the gateway) when SUBGRAPH_HOST is not loopback (got '${host}'); without it anyone who reaches a subgraph's port bypasses the gateway`,
  ]);
}
