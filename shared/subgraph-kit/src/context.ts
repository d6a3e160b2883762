import DataLoader from 'dataloader';
import type { PeopleDao } from '@people/store';
import type { Person } from '@people/domain';
import type { Logger } from '@people/platform';
import type { PhotoStore } from '@people/store';

/** What every subgraph resolver receives. */
export interface SubgraphContext {
  dao: PeopleDao;
  /** Batches the reference lookups of one request into one store query. */
  people: DataLoader<string, Person | null>;
  logger: Logger;
  photos: PhotoStore;
  /** The request's Idempotency-Key header as the gateway forwarded it, unchecked. */
  idempotencyKey?: string | string[];
  /** The gateway marked the call as the REST bridge's own: `people` may serve up to TRUSTED_PAGE_SIZE. */
  trustedPage: boolean;
}

export function createSubgraphContext(
  dao: PeopleDao,
  logger: Logger,
  photos: PhotoStore,
  idempotencyKey?: string | string[],
  trustedPage = false,
): SubgraphContext {
  return {
    dao,
    logger,
    photos,
    trustedPage,
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    people: new DataLoader((documentIds) => dao.getMany(documentIds), { maxBatchSize: 500 }),
  };
}
