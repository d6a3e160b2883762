import fs from 'node:fs';
import path from 'node:path';
import { composeWithApollo, composeWithGuild } from './compose';
import { checkSchemas, formatReport } from './schemaCheck/checkSchemas';
import { INTENDED_CHANGES_PATH, loadIntendedChanges } from './schemaCheck/intendedChanges';
import { BASELINE_DIR, currentSchemas, readBaseline, schemasAtRef } from './schemaCheck/schemaSet';
import { fullSubgraphSdl } from './subgraphSdl';
import { REPO_ROOT, loadSupergraphConfig, type SupergraphConfig } from './supergraphConfig';
import { readSupergraph } from './supergraphFile';

export interface FederationCheckOptions {
  /** A git revision whose schemas are the baseline (for example origin/main), instead of a folder. */
  against?: string;
  baselineDir?: string;
  intendedChangesFile?: string;
  config?: SupergraphConfig;
  /** Where progress and the schema report go, a line at a time. */
  say: (line: string) => void;
}

/**
 * The federation checks CI runs: the generated SDL files and supergraph are current, both
 * composers compose the subgraphs and agree on the API schema, and no schema broke against its
 * baseline unless schema-changes.yaml says so. Returns what failed; nothing when all passed.
 */
export async function federationCheck(options: FederationCheckOptions): Promise<string[]> {
  const { say } = options;
  const config = options.config ?? loadSupergraphConfig();
  const failures: string[] = [];
  for (const { name, schemaFile } of config.subgraphs) {
    if (fs.readFileSync(schemaFile, 'utf8') !== fullSubgraphSdl(name)) {
      failures.push(`${path.relative(REPO_ROOT, schemaFile)} is out of date: run npm run compose`);
    }
  }

  const apollo = composeWithApollo(config);
  say('@apollo/composition: composed');
  if (apollo.supergraphSdl !== readSupergraph()) {
    failures.push('gateway/supergraph.graphql is out of date: run npm run compose');
  }
  try {
    const guild = composeWithGuild(config);
    say('@theguild/federation-composition: composed');
    if (guild.apiSdl !== apollo.apiSdl) failures.push('the two composers disagree on the API schema');
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
  }

  const baselineDir = options.baselineDir ?? BASELINE_DIR;
  const baseline = options.against ? schemasAtRef(options.against, config) : readBaseline(baselineDir);
  const intended = loadIntendedChanges(options.intendedChangesFile ?? INTENDED_CHANGES_PATH);
  const report = await checkSchemas(baseline, currentSchemas(config), intended);
  say(`schema check against ${options.against ?? path.relative(REPO_ROOT, baselineDir)}:`);
  say(formatReport(report).trimEnd());
  if (report.unmarkedBreaking.length > 0) failures.push('a breaking schema change is not marked as intended');
  return failures;
}
