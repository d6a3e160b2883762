/**
 * The largest page of `people` the read subgraph serves to the REST bridge's own list (`GET /`
 * without `limit`, BRIDGE_LIST_PAGE_SIZE). Public clients keep MAX_PAGE_SIZE: only a call that
 * the gateway has seen carry the bridge's shared secret reaches the read subgraph marked with
 * TRUSTED_PAGE_HEADER. Larger pages mean far fewer round trips through three processes.
 */
export const TRUSTED_PAGE_SIZE = 5000;

/** Set by the gateway, and by nobody else, on subgraph calls that may ask for up to TRUSTED_PAGE_SIZE. */
export const TRUSTED_PAGE_HEADER = 'x-trusted-page';
