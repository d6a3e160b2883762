import DataLoader from 'dataloader';
import type { PeopleDao } from '../dao';
import type { Person } from '../domain/person';
import type { Logger } from '../logging';
import type { PhotoStore } from '../photos/photoStore';

/** What every subgraph resolver receives. */
export interface SubgraphContext {
  dao: PeopleDao;
  /** Batches the reference lookups of one request into one store query. */
  people: DataLoader<string, Person | null>;
  logger: Logger;
  photos: PhotoStore;
}

export function createSubgraphContext(dao: PeopleDao, logger: Logger, photos: PhotoStore): SubgraphContext {
  return {
    dao,
    logger,
    photos,
    people: new DataLoader((documentIds) => dao.getMany(documentIds), { maxBatchSize: 500 }),
  };
}
