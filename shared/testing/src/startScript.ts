import fs from 'node:fs';
import path from 'node:path';

/**
 * The node flags `npm start` runs the launcher with, read from the `start` script of the
 * package.json in `root` (`node <flags> stack/dist/main.js`), so that tests and the benchmark run
 * the launcher as `npm start` does.
 */
export function startScriptNodeFlags(root: string): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const flags = /\bnode((?: --\S+)*) stack\/dist\/main\.js/.exec(manifest.scripts?.start ?? '')?.[1] ?? '';
  return flags.split(' ').filter((flag) => flag !== '');
}
