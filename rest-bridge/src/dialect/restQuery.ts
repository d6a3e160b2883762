import { z } from 'zod';
import { DOCUMENT_TYPE_LABELS, DOCUMENT_TYPES, MAX_PAGE_SIZE, documentIdRule, type DocumentType } from '@people/domain';

const byLabel = new Map<string, DocumentType>(DOCUMENT_TYPES.map((type) => [DOCUMENT_TYPE_LABELS[type], type]));
const labels = DOCUMENT_TYPES.map((type) => DOCUMENT_TYPE_LABELS[type]) as [string, ...string[]];

function single(expected: string) {
  return (issue: { input?: unknown }): string =>
    issue.input === undefined ? 'Field required' : `Must be ${expected}, given once`;
}

/** `doc_id` in a path. */
export const restDocIdSchema = documentIdRule.meta({
  description: "The person's document_id: 1 to 10 digits",
  example: '1234567890',
});

/** The query of the older system's routes: `?doc_id=…&doc_type=…`. */
export const restLegacyQuerySchema = z.object({
  doc_id: z.string({ error: single('a string') }).pipe(restDocIdSchema),
  doc_type: z
    .enum(labels, {
      error: (issue) =>
        issue.input === undefined ? 'Field required' : `Must be one of: ${labels.map((l) => `'${l}'`).join(', ')}`,
    })
    .transform((label) => byLabel.get(label) as DocumentType)
    .optional()
    .meta({ description: 'When given, must be the stored document_type, or the answer is 404' }),
});

/** The query of `GET /` on the read port: none (every person, streamed) or one page. */
export const restListQuerySchema = z.object({
  limit: z.coerce
    .number({ error: single('a whole number') })
    .int({ error: 'Must be a whole number' })
    .min(1, { error: `Must be 1 to ${MAX_PAGE_SIZE}` })
    .max(MAX_PAGE_SIZE, { error: `Must be 1 to ${MAX_PAGE_SIZE}` })
    .optional()
    .meta({ description: `Page size (1 to ${MAX_PAGE_SIZE}); without it, every person is returned` }),
  after: z
    .string({ error: single('a string') })
    .min(1, { error: 'Must not be empty' })
    .max(512, { error: 'Must be at most 512 characters' })
    .optional()
    .meta({ description: 'The cursor of the `Link: rel="next"` header of the previous page' }),
});
