export * from './person';
export * from './calendarDate';
export * from './personSchema';
export { validate, fieldErrors } from './validate';
export * from './idempotency';
export * from './trustedPage';
