import fs from 'node:fs';
import path from 'node:path';
import { parse, type DocumentNode } from 'graphql';

/** shared/subgraph-kit/schema/person.graphql: the Person type every subgraph declares. */
export const PERSON_SCHEMA_PATH = path.resolve(__dirname, '..', 'schema', 'person.graphql');

/** A subgraph's SDL: its own `schema.graphql` and the shared Person type. */
export function subgraphSdl(schemaPath: string): string {
  return `${fs.readFileSync(schemaPath, 'utf8')}\n${fs.readFileSync(PERSON_SCHEMA_PATH, 'utf8')}`;
}

export function subgraphTypeDefs(schemaPath: string): DocumentNode {
  return parse(subgraphSdl(schemaPath));
}
