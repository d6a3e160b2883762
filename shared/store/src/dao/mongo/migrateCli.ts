import { MongoClient } from 'mongodb';
import { loadStoreConfig } from '@people/platform';
import { mongoClientOptions } from '@people/platform';
import { PEOPLE_COLLECTION } from './collection';
import { formatReport, migratePeople, needsAttention } from './migrate';

const USAGE = `usage: npm run migrate [-- --fix]

Checks the people collection of MONGODB_URI / MONGODB_DB for what stands between it and a shape
both the older services and this system read: duplicated document_ids, unreadable birth dates,
unknown labels, and documents in this system's earlier shape (string birth_date, null middle_name
or photo_url). With --fix it rewrites the last kind in place. It never deletes a person.

Exit status: 0 when nothing needs attention, 1 when something does, 2 on a usage error.
`;

async function main(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const unknown = args.filter((arg) => arg !== '--fix');
  if (unknown.length > 0) {
    process.stderr.write(`unknown argument: ${unknown.join(' ')}\n\n${USAGE}`);
    return 2;
  }
  const config = loadStoreConfig();
  if (config.kind !== 'mongo') {
    process.stderr.write(
      'npm run migrate works on a MongoDB database: set MONGODB_URI (and MONGODB_DB, default people)\n',
    );
    return 2;
  }
  const client = new MongoClient(config.uri, mongoClientOptions(config));
  try {
    const people = client.db(config.database).collection(PEOPLE_COLLECTION);
    const report = await migratePeople(people, { fix: args.includes('--fix') });
    process.stdout.write(formatReport(report, config.database));
    return needsAttention(report) ? 1 : 0;
  } finally {
    await client.close();
  }
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    process.stderr.write(`migrate failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
