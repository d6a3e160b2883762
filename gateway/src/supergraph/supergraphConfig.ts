import fs from 'node:fs';
import path from 'node:path';
import { SUBGRAPH_NAMES, type SubgraphName } from '@people/platform';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Rover's supergraph config: the one list of subgraphs, their URLs and SDL files. */
export const SUPERGRAPH_CONFIG_PATH = path.join(REPO_ROOT, 'supergraph.yaml');

export interface SubgraphEntry {
  name: SubgraphName;
  routingUrl: string;
  /** The subgraph's full SDL, absolute. */
  schemaFile: string;
}

export interface SupergraphConfig {
  /** Rover's `federation_version`, for example `=2.14.4`. */
  federationVersion: string;
  subgraphs: SubgraphEntry[];
}

const roverConfig = z.object({
  federation_version: z.string().min(1),
  // Keyed by an enum, the record needs every subgraph and refuses any other.
  subgraphs: z.record(
    z.enum(SUBGRAPH_NAMES),
    z.object({ routing_url: z.url(), schema: z.object({ file: z.string().min(1) }) }),
  ),
});

/** Reads `supergraph.yaml`; throws naming every problem when it is not Rover's format or its subgraphs are not ours. */
export function loadSupergraphConfig(configPath = SUPERGRAPH_CONFIG_PATH): SupergraphConfig {
  const parsed = roverConfig.safeParse(parseYaml(fs.readFileSync(configPath, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`${configPath} is not a valid supergraph config:\n${problems.join('\n')}`);
  }
  const baseDir = path.dirname(configPath);
  return {
    federationVersion: parsed.data.federation_version,
    subgraphs: Object.entries(parsed.data.subgraphs).map(([name, entry]) => ({
      name: name as SubgraphName,
      routingUrl: entry.routing_url,
      schemaFile: path.resolve(baseDir, entry.schema.file),
    })),
  };
}
