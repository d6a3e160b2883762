export { openMongoPeopleDao, mongoClientOptions, PEOPLE_COLLECTION, type MongoStoreConfig } from './mongoPeopleDao';
export { STORE_UNAVAILABLE_MESSAGE } from './mongoErrors';
export type { PersonDocument } from './personDocument';
