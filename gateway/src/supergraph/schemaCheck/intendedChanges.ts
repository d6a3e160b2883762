import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { REPO_ROOT } from '../supergraphConfig';

/** Breaking changes made on purpose, each with its reason; the check lets these through. */
export const INTENDED_CHANGES_PATH = path.join(REPO_ROOT, 'schema-changes.yaml');

const intendedChange = z.object({
  /** `api` or a subgraph's name. */
  schema: z.string().min(1),
  /** graphql-inspector's change type, for example FIELD_REMOVED. */
  type: z.string().min(1),
  /** The schema coordinate the change is at, for example PageInfo.endCursor. */
  path: z.string().min(1),
  reason: z.string().trim().min(1),
});

export type IntendedChange = z.infer<typeof intendedChange>;

const intendedChangesFile = z.object({ intended: z.array(intendedChange).nullable() });

export function loadIntendedChanges(file = INTENDED_CHANGES_PATH): IntendedChange[] {
  const parsed = intendedChangesFile.safeParse(parseYaml(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`${file} is not a valid list of intended changes:\n${problems.join('\n')}`);
  }
  return parsed.data.intended ?? [];
}
