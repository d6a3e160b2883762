import path from 'node:path';
import { PHOTO_MAX_BYTES, defineSubgraph, graphqlUploadMiddleware } from '@people/shared';
import { resolvers } from './resolvers';

export const SCHEMA_PATH = path.resolve(__dirname, '..', 'schema.graphql');

export const { definition, start } = defineSubgraph({
  name: 'update',
  schemaPath: SCHEMA_PATH,
  resolvers,
  // One byte over the limit is enough for the resolver to refuse the file; the parser reads no further.
  beforeGraphql: [graphqlUploadMiddleware({ maxFileSize: PHOTO_MAX_BYTES + 1, maxFiles: 1 })],
});
