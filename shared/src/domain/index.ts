export * from './person';
export * from './calendarDate';
export * from './personFields';
export * from './personSchema';
export { DOCUMENT_ID_PATTERN, PHONE_PATTERN, documentIdRule } from './fieldRules';
export { validate, fieldErrors } from './validate';
export * from './idempotency';
