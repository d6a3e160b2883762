import DataLoader from 'dataloader';
import type { PeopleDao } from '../dao';
import type { Person } from '../domain/person';
import type { Logger } from '../logging';

/** What every subgraph resolver receives. */
export interface SubgraphContext {
  dao: PeopleDao;
  /** Batches the reference lookups of one request into one store query. */
  people: DataLoader<string, Person | null>;
  logger: Logger;
}

export function createSubgraphContext(dao: PeopleDao, logger: Logger): SubgraphContext {
  return {
    dao,
    logger,
    people: new DataLoader((documentIds) => dao.getMany(documentIds), { maxBatchSize: 500 }),
  };
}
