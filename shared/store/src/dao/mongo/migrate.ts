import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import { FINDINGS, auditDocument, type Finding } from './documentAudit';
import { MIGRATE_COMMAND, describeDuplicates, findDuplicateDocumentIds, type Duplicates } from './duplicates';

/** How many document_ids the report names per finding. */
const SAMPLE_SIZE = 10;
/** Repairs sent to the server per bulk write. */
const BATCH_SIZE = 500;

export interface FindingTally {
  count: number;
  /** document_ids of the first documents found. */
  sample: string[];
}

export interface MigrationReport {
  scanned: number;
  duplicates: Duplicates;
  findings: Record<Finding, FindingTally>;
  /** Documents rewritten; 0 unless fixing was asked for. */
  fixed: number;
  fixing: boolean;
}

/** Only the fields the audit looks at. */
const AUDITED_FIELDS = {
  document_id: 1,
  document_type: 1,
  middle_name: 1,
  birth_date: 1,
  gender: 1,
  photo_url: 1,
  photo_key: 1,
} as const;

function emptyTallies(): Record<Finding, FindingTally> {
  const entries = Object.keys(FINDINGS).map((finding) => [finding, { count: 0, sample: [] }]);
  return Object.fromEntries(entries) as Record<Finding, FindingTally>;
}

/**
 * A repair of one document that lands only if every field it rewrites still holds what was read,
 * so a person changed in the meantime (by either system) is left as they left it.
 */
function repairOperation(document: Document, repair: NonNullable<ReturnType<typeof auditDocument>['repair']>) {
  const filter: Document = { _id: document._id as unknown };
  for (const field of [...Object.keys(repair.$set), ...Object.keys(repair.$unset)]) {
    filter[field] = (document[field] as unknown) ?? null;
  }
  const update: Document = Object.keys(repair.$unset).length === 0 ? { $set: repair.$set } : repair;
  return { updateOne: { filter, update } };
}

/**
 * Reads every person in `people` and reports what stands between the collection and a shape both
 * the older services and this system read: duplicated document_ids, unreadable birth dates,
 * unknown labels, and documents in this system's earlier shape. With `fix`, it rewrites the last
 * kind in place; it never deletes a person and never decides between duplicates.
 */
export async function migratePeople(people: Collection, { fix }: { fix: boolean }): Promise<MigrationReport> {
  const findings = emptyTallies();
  let scanned = 0;
  let fixed = 0;
  let batch: AnyBulkWriteOperation[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const result = await people.bulkWrite(batch, { ordered: false });
    fixed += result.modifiedCount;
    batch = [];
  };

  for await (const document of people.find({}, { projection: AUDITED_FIELDS })) {
    scanned += 1;
    const audit = auditDocument(document);
    for (const finding of audit.findings) {
      const tally = findings[finding];
      tally.count += 1;
      if (tally.sample.length < SAMPLE_SIZE) tally.sample.push(String(document.document_id));
    }
    if (fix && audit.repair !== null) {
      batch.push(repairOperation(document, audit.repair));
      if (batch.length >= BATCH_SIZE) await flush();
    }
  }
  await flush();
  const duplicates = await findDuplicateDocumentIds(people, SAMPLE_SIZE);
  return { scanned, duplicates, findings, fixed, fixing: fix };
}

/** True when the collection still needs someone: duplicates, unfixable findings, or fixes not applied. */
export function needsAttention(report: MigrationReport): boolean {
  if (report.duplicates.total > 0) return true;
  return (Object.keys(FINDINGS) as Finding[]).some(
    (finding) => report.findings[finding].count > 0 && (!FINDINGS[finding].fixable || !report.fixing),
  );
}

function findingLines(report: MigrationReport, fixable: boolean): string[] {
  return (Object.keys(FINDINGS) as Finding[])
    .filter((finding) => FINDINGS[finding].fixable === fixable && report.findings[finding].count > 0)
    .map((finding) => {
      const { count, sample } = report.findings[finding];
      const more = count > sample.length ? ', …' : '';
      return `  ${finding}: ${count} (${FINDINGS[finding].description}); document_id ${sample.join(', ')}${more}`;
    });
}

/** The report as a person reads it, ending with what to do next. */
export function formatReport(report: MigrationReport, database: string): string {
  const lines = [`Checked ${report.scanned} documents in ${database}.people.`];
  if (report.duplicates.total > 0) {
    lines.push(
      '',
      `document_ids held by more than one document: ${report.duplicates.total}`,
      `  ${describeDuplicates(report.duplicates)}`,
      '  Each document_id must belong to one person before the services can create their unique index.',
      '  For each, look at its documents (mongosh: db.people.find({document_id: "<id>"})), keep the right',
      '  one, and delete or correct the others by hand. This command never deletes anyone.',
    );
  }
  const unfixable = findingLines(report, false);
  if (unfixable.length > 0) {
    lines.push('', 'Need a person to correct them by hand:', ...unfixable);
  }
  const fixable = findingLines(report, true);
  if (fixable.length > 0) {
    lines.push('', report.fixing ? 'Fixed in place:' : `Can be fixed in place by \`${MIGRATE_COMMAND} -- --fix\`:`);
    lines.push(...fixable);
  }
  if (report.fixing) lines.push('', `Rewrote ${report.fixed} documents.`);
  lines.push(
    '',
    needsAttention(report)
      ? 'The collection needs attention (see above).'
      : 'Every document reads the same in the older services and in this system.',
  );
  return `${lines.join('\n')}\n`;
}
