import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { formatReport, migratePeople, needsAttention } from '../mongo/migrate';
import { olderReaderProblems, olderServiceDocument, rawPeople, type RawPeople } from '@people/testing';

const run = promisify(execFile);
const MIGRATE_CLI = path.resolve(__dirname, '..', '..', '..', 'dist', 'dao', 'mongo', 'migrateCli.js');

/** This system's earlier document shape: string birth date, nulls for no middle name and no photo. */
function earlierDocument(documentId: string, birthDate: string) {
  return olderServiceDocument(documentId, {
    birth_date: birthDate,
    middle_name: null,
    photo_url: null,
    photo_key: null,
    created_at: new Date('2025-01-01T00:00:00Z'),
    updated_at: new Date('2025-01-01T00:00:00Z'),
  });
}

/** One of each problem `npm run migrate` knows, beside people who have none. */
function mixedCollection() {
  const { middle_name: _middleName, ...withoutMiddleName } = olderServiceDocument('207');
  return [
    olderServiceDocument('200'),
    olderServiceDocument('201'),
    olderServiceDocument('201', { first_name: 'Otra' }),
    earlierDocument('202', '1990-05-17'),
    earlierDocument('203', '17-05-1990'),
    olderServiceDocument('204', { birth_date: '31-02-1990' }),
    olderServiceDocument('205', { document_type: 'Pasaporte' }),
    olderServiceDocument('206', { gender: 'Otro' }),
    withoutMiddleName,
    olderServiceDocument('208', { photo_url: 'https://x.test/208.png', photo_key: 'k208' }),
  ];
}

const uri = process.env.MONGODB_URI;

if (uri) {
  describe('npm run migrate, over a collection both systems wrote', () => {
    const runId = `${process.pid}_${Date.now().toString(36)}`;
    let count = 0;
    const opened: RawPeople[] = [];

    async function seeded(documents: ReturnType<typeof mixedCollection>) {
      count += 1;
      const database = `people_migrate_${runId}_${count}`;
      const raw = rawPeople(uri as string, database);
      opened.push(raw);
      await raw.collection.insertMany(documents);
      return { raw, database };
    }

    afterAll(async () => {
      for (const raw of opened) await raw.drop();
    });

    it('reports duplicates, unreadable birth dates, unknown labels and the earlier shape, changing nothing', async () => {
      const { raw, database } = await seeded(mixedCollection());
      const before = await raw.collection.find().sort({ _id: 1 }).toArray();

      const report = await migratePeople(raw.collection, { fix: false });

      expect(report.scanned).toBe(10);
      expect(report.duplicates).toEqual({ total: 1, sample: [{ documentId: '201', count: 2 }] });
      expect(report.findings).toEqual({
        unreadable_birth_date: { count: 1, sample: ['204'] },
        unknown_document_type: { count: 1, sample: ['205'] },
        unknown_gender: { count: 1, sample: ['206'] },
        string_birth_date: { count: 2, sample: ['202', '203'] },
        null_middle_name: { count: 3, sample: ['202', '203', '207'] },
        null_photo_url: { count: 2, sample: ['202', '203'] },
      });
      expect(report.fixed).toBe(0);
      expect(needsAttention(report)).toBe(true);
      await expect(raw.collection.find().sort({ _id: 1 }).toArray()).resolves.toEqual(before);

      const text = formatReport(report, database);
      expect(text).toContain(`Checked 10 documents in ${database}.people.`);
      expect(text).toContain('document_ids held by more than one document: 1\n  201 (2 documents)\n');
      expect(text).toContain('This command never deletes anyone.');
      expect(text).toContain('  unreadable_birth_date: 1 (birth_date is not a readable date); document_id 204');
      expect(text).toContain('Can be fixed in place by `npm run migrate -- --fix`:');
      expect(text).toContain(
        '  string_birth_date: 2 (birth_date is a string (becomes a date at midnight UTC)); document_id 202, 203',
      );
    });

    it('with fix, rewrites the earlier shape into the older one and leaves everything else as it was', async () => {
      const { raw } = await seeded(mixedCollection());
      const untouched = ['200', '201', '204', '205', '206', '208'];
      const before = await raw.collection
        .find({ document_id: { $in: untouched } })
        .sort({ _id: 1 })
        .toArray();

      const report = await migratePeople(raw.collection, { fix: true });

      expect(report.fixed).toBe(3);
      await expect(raw.collection.countDocuments()).resolves.toBe(10);
      for (const documentId of ['202', '203', '207']) {
        const document = await raw.collection.findOne({ document_id: documentId });
        expect(document === null ? ['gone'] : olderReaderProblems(document)).toEqual([]);
      }
      await expect(raw.collection.findOne({ document_id: '203' })).resolves.toMatchObject({
        birth_date: new Date('1990-05-17T00:00:00.000Z'),
        middle_name: '',
        created_at: new Date('2025-01-01T00:00:00Z'),
      });
      await expect(
        raw.collection
          .find({ document_id: { $in: untouched } })
          .sort({ _id: 1 })
          .toArray(),
      ).resolves.toEqual(before);
      // Duplicates and unfixable documents still need a person.
      expect(needsAttention(report)).toBe(true);

      const again = await migratePeople(raw.collection, { fix: false });
      expect(again.findings.string_birth_date.count).toBe(0);
      expect(again.findings.null_middle_name.count).toBe(0);
      expect(again.findings.null_photo_url.count).toBe(0);
      expect(again.findings.unreadable_birth_date.count).toBe(1);
    });

    it('says nothing needs attention once every document is in the shared shape', async () => {
      const { raw, database } = await seeded([olderServiceDocument('300'), earlierDocument('301', '2001-01-01')]);
      const fixed = await migratePeople(raw.collection, { fix: true });
      expect(needsAttention(fixed)).toBe(false);
      expect(formatReport(fixed, database)).toContain('Rewrote 1 documents.');
      const clean = await migratePeople(raw.collection, { fix: false });
      expect(needsAttention(clean)).toBe(false);
      expect(formatReport(clean, database)).toContain(
        'Every document reads the same in the older services and in this system.',
      );
    });

    it('runs as a command: exit 1 while something needs attention, 0 once fixed, 2 for a wrong argument', async () => {
      const { raw, database } = await seeded([olderServiceDocument('400'), earlierDocument('401', '2001-01-01')]);
      const env = { ...process.env, MONGODB_URI: uri, MONGODB_DB: database };
      const check = await run(process.execPath, [MIGRATE_CLI], { env }).catch((error: unknown) => error);
      expect(check).toMatchObject({ code: 1, stdout: expect.stringContaining('string_birth_date: 1') });

      const fix = await run(process.execPath, [MIGRATE_CLI, '--fix'], { env });
      expect(fix.stdout).toContain('Rewrote 1 documents.');
      const document = await raw.collection.findOne({ document_id: '401' });
      expect(document === null ? ['gone'] : olderReaderProblems(document)).toEqual([]);

      await expect(run(process.execPath, [MIGRATE_CLI], { env })).resolves.toMatchObject({
        stdout: expect.stringContaining('Every document reads the same'),
      });
      await expect(run(process.execPath, [MIGRATE_CLI, '--delete'], { env })).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('unknown argument: --delete'),
      });
      const withoutMongo = { ...process.env, MONGODB_URI: '' };
      await expect(run(process.execPath, [MIGRATE_CLI], { env: withoutMongo })).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('set MONGODB_URI'),
      });
    });
  });
} else {
  it.todo('checks npm run migrate on a MongoDB database: needs MONGODB_URI (scripts/mongo-local.sh npx jest)');
}
