import path from 'node:path';
import {
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
  name: 'delete',
  typeDefs: subgraphTypeDefs(SCHEMA_PATH),
  resolvers,
};

export function start(config: SubgraphConfig, deps?: SubgraphDeps): Promise<SubgraphHandle> {
  return startSubgraph(definition, config, deps);
}
