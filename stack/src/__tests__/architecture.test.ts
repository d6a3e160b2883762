import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

/**
 * The import graph, read from the sources: every workspace imports only what its package.json
 * declares, and the layers keep to their places (the bridge never reaches the store, the store
 * and the domain know nothing of GraphQL or HTTP).
 */
const ROOT = path.resolve(__dirname, '..', '..', '..');

interface Manifest {
  name: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

interface Workspace {
  name: string;
  dir: string;
  /** What it may import: its own dependencies and, outside the shared libraries, the repository's build tools. */
  allowed: Set<string>;
  /** The workspaces it depends on. */
  internal: string[];
}

function manifest(dir: string): Manifest {
  return JSON.parse(readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8')) as Manifest;
}

function workspaces(): Workspace[] {
  const root = manifest('.');
  const tools = Object.keys(root.devDependencies ?? {});
  return (root.workspaces ?? []).map((dir) => {
    const own = manifest(dir);
    // A shared library is installed without the repository around it: it may rely on its own manifest alone.
    const library = dir.startsWith('shared/');
    const declared = [...Object.keys(own.dependencies ?? {}), ...Object.keys(own.devDependencies ?? {})];
    return {
      name: own.name,
      dir,
      allowed: new Set(library ? Object.keys(own.dependencies ?? {}) : [...declared, ...tools]),
      internal: declared.filter((name) => name.startsWith('@people/')),
    };
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    if (entry === 'node_modules' || entry === 'dist' || entry === 'results') return [];
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.ts$/.test(entry) && !entry.endsWith('.d.ts') ? [full] : [];
  });
}

const IMPORT =
  /(?:^|\s)(?:import|export)\s[^'";]*?from\s*'([^']+)'|(?:import|require)\(\s*'([^']+)'\s*\)|^import\s+'([^']+)'/gm;

/** The packages a file imports: `@scope/name` or `name`, without subpaths; relative paths and builtins left out. */
function importedPackages(file: string): string[] {
  const found = new Set<string>();
  for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2] ?? match[3] ?? '';
    if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
    const parts = specifier.split('/');
    found.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier));
  }
  return [...found];
}

/** Relative imports that leave the file's own workspace. */
function crossingRelativeImports(file: string, workspaceDir: string): string[] {
  const crossing: string[] = [];
  for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2] ?? match[3] ?? '';
    if (!specifier.startsWith('.')) continue;
    const target = path.resolve(path.dirname(file), specifier);
    if (!target.startsWith(path.join(ROOT, workspaceDir) + path.sep)) crossing.push(specifier);
  }
  return crossing;
}

const all = workspaces();

function importsOf(name: string, { tests }: { tests: boolean }): Map<string, string[]> {
  const workspace = all.find((w) => w.name === name);
  if (!workspace) throw new Error(`no workspace ${name}`);
  const result = new Map<string, string[]>();
  for (const file of sourceFiles(path.join(ROOT, workspace.dir))) {
    if (!tests && file.includes(`${path.sep}__tests__${path.sep}`)) continue;
    result.set(path.relative(ROOT, file), importedPackages(file));
  }
  return result;
}

/** The files of a workspace that import one of `forbidden`, with what they import. */
function offenders(name: string, forbidden: (pkg: string) => boolean, tests = true): string[] {
  return [...importsOf(name, { tests })].flatMap(([file, packages]) =>
    packages.filter(forbidden).map((pkg) => `${file} imports ${pkg}`),
  );
}

describe('the import graph', () => {
  it.each(all.map((w) => [w.name, w] as const))(
    '%s imports only the packages it declares (outside its tests)',
    (_name, workspace) => {
      const undeclared = [...importsOf(workspace.name, { tests: false })].flatMap(([file, packages]) =>
        packages.filter((pkg) => !workspace.allowed.has(pkg)).map((pkg) => `${file} imports ${pkg}`),
      );
      expect(undeclared).toEqual([]);
    },
  );

  it.each(all.map((w) => [w.name, w] as const))(
    '%s reaches other workspaces by package name, never by a relative path (outside its tests)',
    (_name, workspace) => {
      const crossing = sourceFiles(path.join(ROOT, workspace.dir))
        // Tests may share fixtures across workspaces, and codegen configs a common base.
        .filter((file) => !file.includes(`${path.sep}__tests__${path.sep}`) && path.basename(file) !== 'codegen.ts')
        .flatMap((file) =>
          crossingRelativeImports(file, workspace.dir).map((s) => `${path.relative(ROOT, file)} imports ${s}`),
        );
      expect(crossing).toEqual([]);
    },
  );

  it('the domain depends on nothing but zod', () => {
    expect(offenders('@people/domain', (pkg) => pkg !== 'zod', false)).toEqual([]);
  });

  it('the store knows nothing of GraphQL or of the subgraphs', () => {
    const graphql = (pkg: string) =>
      pkg === 'graphql' || pkg.startsWith('@apollo/') || pkg === '@people/subgraph-kit' || pkg.startsWith('@graphql');
    expect(offenders('@people/store', graphql)).toEqual([]);
  });

  it('the platform does not reach up into the store or the subgraph kit', () => {
    expect(offenders('@people/platform', (pkg) => pkg === '@people/store' || pkg === '@people/subgraph-kit')).toEqual(
      [],
    );
  });

  it('the REST bridge never talks to the store: it reaches people only through the gateway', () => {
    const storeSide = (pkg: string) =>
      pkg === '@people/store' ||
      pkg === '@people/subgraph-kit' ||
      pkg.startsWith('@people/subgraph-') ||
      pkg === 'better-sqlite3' ||
      pkg === 'cloudinary';
    expect(offenders('@people/rest-bridge', storeSide)).toEqual([]);
  });

  it('has no cycle between workspaces', () => {
    const edges = new Map(all.map((w) => [w.name, w.internal]));
    const cycles: string[] = [];
    const visit = (name: string, trail: string[]): void => {
      if (trail.includes(name)) {
        cycles.push([...trail.slice(trail.indexOf(name)), name].join(' → '));
        return;
      }
      for (const next of edges.get(name) ?? []) visit(next, [...trail, name]);
    };
    for (const name of edges.keys()) visit(name, []);
    expect(cycles).toEqual([]);
  });
});
