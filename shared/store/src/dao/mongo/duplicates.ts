import type { Collection, Document } from 'mongodb';
import { PEOPLE_COLLECTION } from './collection';

export interface DuplicateDocumentId {
  documentId: string;
  /** How many documents hold it. */
  count: number;
}

export interface Duplicates {
  /** How many document_ids are held by more than one document. */
  total: number;
  /** The first of them by document_id, at most as many as asked for. */
  sample: DuplicateDocumentId[];
}

/** The command that lists what stands in the way, and fixes what can be fixed safely. */
export const MIGRATE_COMMAND = 'npm run migrate';

/**
 * The document_ids held by more than one document. The older services checked and then inserted,
 * with no unique index, so two requests racing could both insert.
 */
export async function findDuplicateDocumentIds<T extends Document>(
  people: Collection<T>,
  sampleSize: number,
): Promise<Duplicates> {
  const grouped = [{ $group: { _id: '$document_id', count: { $sum: 1 } } }, { $match: { count: { $gt: 1 } } }];
  const [sample, counted] = await Promise.all([
    people
      .aggregate<{ _id: unknown; count: number }>([...grouped, { $sort: { _id: 1 } }, { $limit: sampleSize }])
      .toArray(),
    people.aggregate<{ total: number }>([...grouped, { $count: 'total' }]).toArray(),
  ]);
  return {
    total: counted[0]?.total ?? 0,
    sample: sample.map(({ _id, count }) => ({ documentId: String(_id), count })),
  };
}

export function describeDuplicates({ total, sample }: Duplicates): string {
  const listed = sample.map(({ documentId, count }) => `${documentId} (${count} documents)`).join(', ');
  return total > sample.length ? `${listed} and ${total - sample.length} more` : listed;
}

/**
 * Start-up cannot create the unique index on document_id because the data breaks it. Starting
 * without the index would let duplicates grow, so the service refuses to start and says why.
 */
export class DuplicateDocumentIdsError extends Error {
  constructor(
    readonly duplicates: Duplicates,
    options?: ErrorOptions,
  ) {
    super(
      `The "${PEOPLE_COLLECTION}" collection holds ${duplicates.total} document_id(s) shared by more than one person: ` +
        `${describeDuplicates(duplicates)}. The unique index on document_id cannot be created until each ` +
        `document_id belongs to one person. Run \`${MIGRATE_COMMAND}\` with the same MONGODB_URI and MONGODB_DB ` +
        'to list them, decide which document to keep for each, then start again.',
      options,
    );
    this.name = 'DuplicateDocumentIdsError';
  }
}
