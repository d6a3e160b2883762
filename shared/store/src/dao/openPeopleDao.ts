import type { StoreConfig } from '@people/platform';
import { SqlitePeopleDao } from './embedded/sqlitePeopleDao';
import { openMongoPeopleDao } from './mongo';
import type { PeopleDao } from './peopleDao';

/** The store the settings choose: MongoDB when `MONGODB_URI` is set, otherwise the embedded store. */
export async function openPeopleDao(config: StoreConfig): Promise<PeopleDao> {
  return config.kind === 'mongo' ? openMongoPeopleDao(config) : SqlitePeopleDao.open(config.dataDir);
}
