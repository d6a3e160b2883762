import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { composeWithApollo, apiSchemaSdl } from '../compose';
import { REPO_ROOT, type SupergraphConfig } from '../supergraphConfig';
import { SUPERGRAPH_PATH } from '../supergraphFile';

/** The schema clients see, named so in reports and in schema-changes.yaml. */
export const API_SCHEMA = 'api';

/** SDL by schema name: `api` (the supergraph's API schema) and one per subgraph. */
export type SchemaSet = Record<string, string>;

/** The checked-in baseline: the schemas as clients were last promised them. */
export const BASELINE_DIR = path.join(REPO_ROOT, 'schema-baseline');

function baselineFile(dir: string, name: string): string {
  return name === API_SCHEMA ? path.join(dir, 'api.graphql') : path.join(dir, 'subgraphs', `${name}.graphql`);
}

/** The schemas of the working tree: the API schema composed from the full subgraph SDLs, and those SDLs. */
export function currentSchemas(config: SupergraphConfig): SchemaSet {
  const set: SchemaSet = { [API_SCHEMA]: composeWithApollo(config).apiSdl };
  for (const { name, schemaFile } of config.subgraphs) set[name] = fs.readFileSync(schemaFile, 'utf8');
  return set;
}

/** Reads a baseline folder; a subgraph with no file there is new, so it has no baseline. */
export function readBaseline(dir: string): SchemaSet {
  const set: SchemaSet = { [API_SCHEMA]: fs.readFileSync(baselineFile(dir, API_SCHEMA), 'utf8') };
  const subgraphsDir = path.join(dir, 'subgraphs');
  for (const file of fs.existsSync(subgraphsDir) ? fs.readdirSync(subgraphsDir) : []) {
    if (file.endsWith('.graphql'))
      set[path.basename(file, '.graphql')] = fs.readFileSync(path.join(subgraphsDir, file), 'utf8');
  }
  return set;
}

export function writeBaseline(dir: string, schemas: SchemaSet): void {
  fs.rmSync(path.join(dir, 'subgraphs'), { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'subgraphs'), { recursive: true });
  for (const [name, sdl] of Object.entries(schemas)) fs.writeFileSync(baselineFile(dir, name), sdl);
}

function showAtRef(ref: string, file: string): string | undefined {
  try {
    return execFileSync('git', ['show', `${ref}:${path.relative(REPO_ROOT, file)}`], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch {
    return undefined;
  }
}

/**
 * The schemas as a git revision has them (its checked-in supergraph and full subgraph SDLs), to
 * compare a branch with main. A subgraph file the revision does not have is left out.
 */
export function schemasAtRef(ref: string, config: SupergraphConfig): SchemaSet {
  const supergraph = showAtRef(ref, SUPERGRAPH_PATH);
  if (supergraph === undefined) throw new Error(`git has no ${path.relative(REPO_ROOT, SUPERGRAPH_PATH)} at ${ref}`);
  const set: SchemaSet = { [API_SCHEMA]: apiSchemaSdl(supergraph) };
  for (const { name, schemaFile } of config.subgraphs) {
    const sdl = showAtRef(ref, schemaFile);
    if (sdl !== undefined) set[name] = sdl;
  }
  return set;
}
