import fs from 'node:fs';
import path from 'node:path';
import { loadTracingConfig, type Env } from '@people/platform';
import { loadStackConfig } from '../config';
import { settingsRead } from './support/settingsRead';

const EXAMPLE = path.resolve(__dirname, '..', '..', '..', '.env.example');

/** `NAME=value` lines are defaults; `# NAME=…` lines are settings that are unset by default. */
function readExample(): { defaults: Record<string, string>; documented: Set<string> } {
  const defaults: Record<string, string> = {};
  const documented = new Set<string>();
  for (const line of fs.readFileSync(EXAMPLE, 'utf8').split('\n')) {
    const match = /^(# )?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!match) continue;
    const [, commented, name, value] = match;
    if (!name) continue;
    documented.add(name);
    if (!commented) defaults[name] = value ?? '';
  }
  return { defaults, documented };
}

/** What every service reads: its settings, and the tracing ones each `main` reads before anything loads. */
function everySetting(env: Env): void {
  loadStackConfig(env);
  loadTracingConfig(env);
}

describe('.env.example', () => {
  it('lists every setting the services read, and nothing else', () => {
    expect([...readExample().documented].sort()).toEqual([...settingsRead(everySetting)].sort());
  });

  it('gives the real defaults', () => {
    expect(loadStackConfig(readExample().defaults)).toEqual(loadStackConfig({}));
  });
});
