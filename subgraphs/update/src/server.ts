import path from 'node:path';
import {
  PHOTO_MAX_BYTES,
  graphqlUploadMiddleware,
  startSubgraph,
  subgraphTypeDefs,
  type SubgraphConfig,
  type SubgraphDefinition,
  type SubgraphDeps,
  type SubgraphHandle,
} from '@people/shared';
import { resolvers } from './resolvers';

export const SCHEMA_PATH = path.resolve(__dirname, '..', 'schema.graphql');

export const definition: SubgraphDefinition = {
  name: 'update',
  typeDefs: subgraphTypeDefs(SCHEMA_PATH),
  resolvers,
  // One byte over the limit is enough for the resolver to refuse the file; the parser reads no further.
  beforeGraphql: [graphqlUploadMiddleware({ maxFileSize: PHOTO_MAX_BYTES + 1, maxFiles: 1 })],
};

export function start(config: SubgraphConfig, deps?: SubgraphDeps): Promise<SubgraphHandle> {
  return startSubgraph(definition, config, deps);
}
