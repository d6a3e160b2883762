import path from 'node:path';
import { BASELINE_DIR, currentSchemas, writeBaseline } from './schemaCheck/schemaSet';
import { REPO_ROOT, loadSupergraphConfig } from './supergraphConfig';

// Moves the baseline to the working tree's schemas: done on purpose, reviewed as part of the change.
writeBaseline(BASELINE_DIR, currentSchemas(loadSupergraphConfig()));
process.stdout.write(`wrote ${path.relative(REPO_ROOT, BASELINE_DIR)}/\n`);
