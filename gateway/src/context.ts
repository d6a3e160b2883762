import type { Principal } from '@people/platform';

/** What the gateway keeps per request, for the data sources that call the subgraphs. */
export interface GatewayContext {
  requestId?: string;
  /** Who sent the operation, when authentication is on. */
  principal?: Principal;
  /** The caller's Idempotency-Key, passed on to the subgraphs (the create subgraph checks and keeps it). */
  idempotencyKey?: string;
  /** The call carries the bridge's shared secret: its list may ask the read subgraph for TRUSTED_PAGE_SIZE. */
  trustedBridge?: boolean;
}
