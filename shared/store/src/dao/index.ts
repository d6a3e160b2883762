export type { CreateOptions, PageRequest, PeopleDao, PersonPage } from './peopleDao';
export { openPeopleDao } from './openPeopleDao';
export { SqlitePeopleDao, DataDirInUseError, DataDirTooNewError, UnknownLayoutError } from './embedded/sqlitePeopleDao';
export { encodeCursor, decodeCursor } from './cursor';
export { importPeople } from './importPeople';
