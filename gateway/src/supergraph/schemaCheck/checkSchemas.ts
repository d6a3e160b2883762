import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';
import type { IntendedChange } from './intendedChanges';
import type { SchemaSet } from './schemaSet';

export type ChangeLevel = 'breaking' | 'dangerous' | 'safe';

export interface CheckedChange {
  /** `api` or a subgraph's name. */
  schema: string;
  type: string;
  path: string;
  message: string;
  level: ChangeLevel;
  /** A breaking change listed in schema-changes.yaml. */
  intended: boolean;
}

export interface SchemaCheckReport {
  changes: CheckedChange[];
  /** Breaking changes nobody marked as intended: the check fails on any. */
  unmarkedBreaking: CheckedChange[];
  /** Entries of schema-changes.yaml that match no change any more (the baseline moved on). */
  staleIntended: IntendedChange[];
}

const LEVELS: Record<CriticalityLevel, ChangeLevel> = {
  [CriticalityLevel.Breaking]: 'breaking',
  [CriticalityLevel.Dangerous]: 'dangerous',
  [CriticalityLevel.NonBreaking]: 'safe',
};

// Subgraph SDL uses federation directives it does not define; the diff needs types, not validation.
function schemaOf(sdl: string) {
  return buildSchema(sdl, { assumeValidSDL: true });
}

async function changesIn(schema: string, before: string | undefined, after: string | undefined) {
  if (before === undefined) {
    return [
      {
        schema,
        type: 'SCHEMA_ADDED',
        path: schema,
        message: `no earlier SDL of '${schema}' to compare with`,
        level: 'safe' as const,
      },
    ];
  }
  if (after === undefined) {
    return [
      { schema, type: 'SCHEMA_REMOVED', path: schema, message: `'${schema}' was removed`, level: 'breaking' as const },
    ];
  }
  const changes = await diff(schemaOf(before), schemaOf(after));
  return changes.map((change) => ({
    schema,
    type: String(change.type),
    path: change.path ?? '',
    message: change.message,
    level: LEVELS[change.criticality.level],
  }));
}

/**
 * Compares each schema with its baseline (graphql-inspector's rules decide what breaks a client or
 * a composition) and lets through the breaking changes that schema-changes.yaml marks as intended.
 */
export async function checkSchemas(
  baseline: SchemaSet,
  current: SchemaSet,
  intended: IntendedChange[],
): Promise<SchemaCheckReport> {
  const names = [...new Set([...Object.keys(baseline), ...Object.keys(current)])];
  const found = (await Promise.all(names.map((name) => changesIn(name, baseline[name], current[name])))).flat();
  const isIntended = (change: Omit<CheckedChange, 'intended'>, entry: IntendedChange) =>
    entry.schema === change.schema && entry.type === change.type && entry.path === change.path;
  const changes = found.map((change) => ({
    ...change,
    intended: change.level === 'breaking' && intended.some((entry) => isIntended(change, entry)),
  }));
  return {
    changes,
    unmarkedBreaking: changes.filter((change) => change.level === 'breaking' && !change.intended),
    staleIntended: intended.filter((entry) => !changes.some((change) => change.intended && isIntended(change, entry))),
  };
}

/** One line per change, then what the check concluded. */
export function formatReport(report: SchemaCheckReport): string {
  const lines = report.changes.map(
    (c) => `  ${(c.intended ? 'intended' : c.level).padEnd(9)} ${c.schema}: ${c.type} ${c.path} (${c.message})`,
  );
  for (const stale of report.staleIntended) {
    lines.push(
      `  stale     schema-changes.yaml lists ${stale.schema}: ${stale.type} ${stale.path}, which no longer happens`,
    );
  }
  if (lines.length === 0) lines.push('  no change against the baseline');
  const verdict =
    report.unmarkedBreaking.length === 0
      ? 'no unmarked breaking change'
      : `${report.unmarkedBreaking.length} breaking change(s) not marked as intended: list each in schema-changes.yaml ` +
        'with its reason, or move the baseline on purpose (npm run schema:baseline)';
  return `${lines.join('\n')}\n${verdict}\n`;
}
