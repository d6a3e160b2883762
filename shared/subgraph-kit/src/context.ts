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
}

export function createSubgraphContext(
  dao: PeopleDao,
  logger: Logger,
  photos: PhotoStore,
  idempotencyKey?: string | string[],
): SubgraphContext {
  return {
    dao,
    logger,
    photos,
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    people: new DataLoader((documentIds) => dao.getMany(documentIds), { maxBatchSize: 500 }),
  };
}
