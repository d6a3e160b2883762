export * from './codes';
export * from './peopleErrors';
export { unwrapPeopleError } from './unwrap';
