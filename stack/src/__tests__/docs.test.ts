import fs from 'node:fs';
import path from 'node:path';
import { loadTracingConfig, type Env } from '@people/platform';
import { loadStackConfig } from '../config';
import { renderSettingsDoc } from '../settingsDoc';
import { settingsRead } from './support/settingsRead';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** README.md and every page under docs/. */
const DOCS = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).map((f) => `docs/${f}`)].filter((f) =>
  f.endsWith('.md'),
);

/** The rows of docs/configuration.md: setting name to its default column. */
function documentedDefaults(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of read('docs/configuration.md').split('\n')) {
    const match = /^\| `([A-Z][A-Z0-9_]*)` +\| ([^|]*?) +\|/.exec(line);
    if (match?.[1] && match[2] !== undefined) rows.set(match[1], match[2]);
  }
  return rows;
}

/** What every service reads: its settings, and the tracing ones each `main` reads before anything loads. */
function everySetting(env: Env): void {
  loadStackConfig(env);
  loadTracingConfig(env);
}

/** GitHub's anchor for a heading. */
function anchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function headings(file: string): Set<string> {
  const text = read(file).replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchor(m[1] ?? '')));
}

describe('docs/configuration.md', () => {
  it('is what `npm run docs:settings` writes from the schemas', () => {
    expect(read('docs/configuration.md')).toEqual(renderSettingsDoc());
  });

  it('has a row for every setting a service reads', () => {
    const documented = documentedDefaults();
    expect([...settingsRead(everySetting)].filter((name) => !documented.has(name)).sort()).toEqual([]);
  });

  it('agrees with the defaults .env.example gives', () => {
    const documented = documentedDefaults();
    const differing: string[] = [];
    for (const line of read('.env.example').split('\n')) {
      const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
      const [, name, value = ''] = match ?? [];
      if (!name) continue;
      if (documented.get(name) !== `\`${value}\``) differing.push(`${name}=${value}`);
    }
    expect(differing).toEqual([]);
  });
});

describe('README.md and docs/', () => {
  it('link only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const file of DOCS) {
      const text = read(file).replace(/```[\s\S]*?```/g, '');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (!target || /^[a-z]+:/.test(target)) continue;
        const [filePart, hash] = target.split('#');
        const linked = filePart ? path.normalize(path.join(path.dirname(file), filePart)) : file;
        if (!fs.existsSync(path.join(ROOT, linked))) broken.push(`${file}: ${target}`);
        else if (hash && linked.endsWith('.md') && !headings(linked).has(hash)) broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('state their rules rather than cite a document outside the repository', () => {
    expect(DOCS.filter((file) => /\bSPEC\b/.test(read(file)))).toEqual([]);
  });

  it('keep the README a front door', () => {
    const lines = read('README.md').split('\n');
    expect(lines.length).toBeLessThanOrEqual(201);
    expect(lines.filter((line) => line.length > 200)).toEqual([]);
  });
});
