import fs from 'node:fs';
import path from 'node:path';
import { loadTracingConfig } from '@people/shared';
import { loadStackConfig } from '../config';

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

/** Every variable the config loaders read, found by handing them an environment that records reads. */
function settingsRead(): Set<string> {
  const read = new Set<string>();
  const env = new Proxy<Record<string, string | undefined>>(
    {},
    {
      get(_target, key) {
        if (typeof key === 'string') read.add(key);
        return undefined;
      },
    },
  );
  loadStackConfig(env);
  // Read by each service's main before anything loads (see shared/src/telemetry/start.ts).
  loadTracingConfig(env);
  return read;
}

describe('.env.example', () => {
  it('lists every setting the services read, and nothing else', () => {
    expect([...readExample().documented].sort()).toEqual([...settingsRead()].sort());
  });

  it('gives the real defaults', () => {
    expect(loadStackConfig(readExample().defaults)).toEqual(loadStackConfig({}));
  });
});
