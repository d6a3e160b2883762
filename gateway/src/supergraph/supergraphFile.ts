import fs from 'node:fs';
import path from 'node:path';

/** The checked-in supergraph the gateway serves (`npm run compose` writes it). */
export const SUPERGRAPH_PATH = path.resolve(__dirname, '..', '..', 'supergraph.graphql');

export function readSupergraph(): string {
  return fs.readFileSync(SUPERGRAPH_PATH, 'utf8');
}
