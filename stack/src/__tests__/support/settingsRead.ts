import type { Env } from '@people/platform';

/**
 * Every variable a config loader reads, found by handing it an environment that records reads
 * (each loader reads every key of its schemas, set or not).
 */
export function settingsRead(loader: (env: Env) => unknown): Set<string> {
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
  loader(env);
  return read;
}
