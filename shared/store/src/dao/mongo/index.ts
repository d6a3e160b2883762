export { openMongoPeopleDao } from './mongoPeopleDao';
export { PEOPLE_COLLECTION } from './collection';
export { DuplicateDocumentIdsError } from './duplicates';
export { STORE_UNAVAILABLE_MESSAGE } from './mongoErrors';
export type { PersonDocument } from './personDocument';
