export { start, definition, SCHEMA_PATH } from './server';
