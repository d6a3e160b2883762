import fs from 'node:fs';
import { SUPERGRAPH_PATH, composeSupergraph } from './compose';

fs.writeFileSync(SUPERGRAPH_PATH, composeSupergraph());
process.stdout.write(`wrote ${SUPERGRAPH_PATH}\n`);
