import fs from 'node:fs';
import path from 'node:path';
import { composeWithApollo } from './compose';
import { fullSubgraphSdl } from './subgraphSdl';
import { REPO_ROOT, loadSupergraphConfig } from './supergraphConfig';
import { SUPERGRAPH_PATH } from './supergraphFile';

// Each subgraph's full SDL first: the supergraph is composed from those files, as Rover would.
const config = loadSupergraphConfig();
for (const { name, schemaFile } of config.subgraphs) {
  fs.writeFileSync(schemaFile, fullSubgraphSdl(name));
  process.stdout.write(`wrote ${path.relative(REPO_ROOT, schemaFile)}\n`);
}
fs.writeFileSync(SUPERGRAPH_PATH, composeWithApollo(config).supergraphSdl);
process.stdout.write(`wrote ${path.relative(REPO_ROOT, SUPERGRAPH_PATH)}\n`);
