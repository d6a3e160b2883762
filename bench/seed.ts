/**
 * Seeds people `from`..`count-1` (`node bench/dist/seed.js <from> <count>`) through the store's
 * bulk load: on the embedded store, while no other process holds it, one transaction (one fsync,
 * not one per person); on MongoDB, batches of 1,000.
 */
import type { Person } from '@people/domain';
import { loadStoreConfig } from '@people/platform';
import { importPeople } from '@people/store';
import { benchPerson } from './people';

const from = Number(process.argv[2] ?? 0);
const count = Number(process.argv[3] ?? 0);
const stamp = new Date('2026-01-01T00:00:00.000Z');

/** One line every 50,000 people (and at the end), which the bench relays while it waits. */
function progress(seeded: number): void {
  const done = from + seeded;
  if (done % 50_000 === 0 || done === count) {
    const total = count - from;
    process.stdout.write(`seeded ${seeded}/${total} (${Math.round((seeded / Math.max(total, 1)) * 100)}%)\n`);
  }
}

function* people(): Generator<Person> {
  for (let n = from; n < count; n += 1) yield { ...benchPerson(n), photo: null, createdAt: stamp, updatedAt: stamp };
}

importPeople(loadStoreConfig(), people(), progress).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
