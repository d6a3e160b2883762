import fs from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { SUBGRAPH_DEFAULT_PORTS, SUBGRAPH_NAMES, subgraphTypeDefs } from '@people/shared';

/** The checked-in supergraph the gateway serves. */
export const SUPERGRAPH_PATH = path.resolve(__dirname, '..', '..', 'supergraph.graphql');

const SUBGRAPHS_DIR = path.resolve(__dirname, '..', '..', '..', 'subgraphs');

/** Composes the four subgraphs' schemas into the supergraph SDL, or throws with every composition error. */
export function composeSupergraph(): string {
  const result = composeServices(
    SUBGRAPH_NAMES.map((name) => ({
      name,
      url: `http://127.0.0.1:${SUBGRAPH_DEFAULT_PORTS[name]}/graphql`,
      typeDefs: subgraphTypeDefs(path.join(SUBGRAPHS_DIR, name, 'schema.graphql')),
    })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return `${result.supergraphSdl.trimEnd()}\n`;
}

export function readSupergraph(): string {
  return fs.readFileSync(SUPERGRAPH_PATH, 'utf8');
}
