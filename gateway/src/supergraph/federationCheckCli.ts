import { parseArgs } from 'node:util';
import { federationCheck } from './federationCheck';

// npm run federation:check [-- --against origin/main] [-- --baseline DIR] [-- --changes FILE]; exits 1 on any failure.
const { values: args } = parseArgs({
  options: { against: { type: 'string' }, baseline: { type: 'string' }, changes: { type: 'string' } },
});
const say = (line: string) => process.stdout.write(`${line}\n`);

federationCheck({ against: args.against, baselineDir: args.baseline, intendedChangesFile: args.changes, say }).then(
  (failures) => {
    for (const failure of failures) say(`FAILED: ${failure}`);
    process.exitCode = failures.length > 0 ? 1 : 0;
  },
  (error: unknown) => {
    say(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
