export type { CreateOptions, PageRequest, PeopleDao, PersonPage } from './peopleDao';
export { openPeopleDao } from './openPeopleDao';
export { SqlitePeopleDao, DataDirInUseError, DataDirTooNewError, UnknownLayoutError } from './embedded/sqlitePeopleDao';
export { encodeCursor, decodeCursor } from './cursor';
export { PERSON_COLUMNS, personToRow, type PersonRow } from './embedded/personRow';
export { toPersonDocument } from './mongo/personDocument';
