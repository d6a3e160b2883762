import path from 'node:path';
import { defineSubgraph } from '@people/subgraph-kit';
import { resolvers } from './resolvers';

export const SCHEMA_PATH = path.resolve(__dirname, '..', 'schema.graphql');

export const { definition, start } = defineSubgraph({ name: 'create', schemaPath: SCHEMA_PATH, resolvers });
