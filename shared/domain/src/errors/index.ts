export * from './codes';
export * from './peopleError';
export { unwrapPeopleError } from './unwrap';
