import type { Principal } from '@people/platform';
import type { Outcome } from './fastPath/fastPathGateway';

/** What the gateway keeps per request, for the data sources that call the subgraphs. */
export interface GatewayContext {
  requestId?: string;
  /** Who sent the operation, when authentication is on. */
  principal?: Principal;
  /** The caller's Idempotency-Key, passed on to the subgraphs (the create subgraph checks and keeps it). */
  idempotencyKey?: string;
  /** The call carries the bridge's shared secret: its list may ask the read subgraph for TRUSTED_PAGE_SIZE. */
  trustedBridge?: boolean;
  /**
   * What the one fetch of this query got when the gateway made it below Apollo Server
   * (fastPath/knownOperationPath.ts) and could not answer with it: the general executor takes it as
   * that fetch's answer instead of sending the fetch again.
   */
  prefetched?: Outcome;
}
