import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { federationCheck } from '../../supergraph/federationCheck';
import { checkSchemas, formatReport } from '../../supergraph/schemaCheck/checkSchemas';
import { loadIntendedChanges, type IntendedChange } from '../../supergraph/schemaCheck/intendedChanges';
import { currentSchemas, readBaseline, schemasAtRef, writeBaseline } from '../../supergraph/schemaCheck/schemaSet';
import { fullSubgraphSdl } from '../../supergraph/subgraphSdl';
import { loadSupergraphConfig } from '../../supergraph/supergraphConfig';

const BASE = `
type Query { person(documentId: ID!): Person }
type Person { documentId: ID! firstName: String! middleName: String }
`;
const WITHOUT_MIDDLE_NAME = BASE.replace(' middleName: String', '');
const WITH_NICKNAME = BASE.replace(' middleName: String', ' middleName: String nickname: String');
const middleNameRemoved: IntendedChange = {
  schema: 'api',
  type: 'FIELD_REMOVED',
  path: 'Person.middleName',
  reason: 'folded into firstName',
};

describe('the schema check', () => {
  it('finds a removed field and fails on it when nobody marked it as intended', async () => {
    const report = await checkSchemas({ api: BASE }, { api: WITHOUT_MIDDLE_NAME }, []);
    expect(report.unmarkedBreaking).toEqual([
      expect.objectContaining({ schema: 'api', type: 'FIELD_REMOVED', path: 'Person.middleName', level: 'breaking' }),
    ]);
    expect(formatReport(report)).toMatch(/breaking +api: FIELD_REMOVED Person.middleName[\s\S]*1 breaking change/);
  });

  it('lets an added field through as safe', async () => {
    const report = await checkSchemas({ api: BASE }, { api: WITH_NICKNAME }, []);
    expect(report.changes).toEqual([
      expect.objectContaining({ type: 'FIELD_ADDED', path: 'Person.nickname', level: 'safe' }),
    ]);
    expect(report.unmarkedBreaking).toEqual([]);
  });

  it('lets a breaking change through when schema-changes.yaml lists it for that schema', async () => {
    const report = await checkSchemas({ api: BASE }, { api: WITHOUT_MIDDLE_NAME }, [middleNameRemoved]);
    expect(report.changes).toEqual([expect.objectContaining({ path: 'Person.middleName', intended: true })]);
    expect(report.unmarkedBreaking).toEqual([]);
    expect(report.staleIntended).toEqual([]);

    const elsewhere = await checkSchemas({ api: BASE }, { api: WITHOUT_MIDDLE_NAME }, [
      { ...middleNameRemoved, schema: 'read' },
    ]);
    expect(elsewhere.unmarkedBreaking).toHaveLength(1);
  });

  it('names an intended change that no longer happens', async () => {
    const report = await checkSchemas({ api: BASE }, { api: BASE }, [middleNameRemoved]);
    expect(report.staleIntended).toEqual([middleNameRemoved]);
    expect(formatReport(report)).toContain('stale');
  });

  it("reads a subgraph's federation SDL and finds what breaks in it; a removed subgraph breaks, a new one does not", async () => {
    const read = fullSubgraphSdl('read');
    // The field and the description above it, if any.
    const withoutEndCursor = read.replace(/(\n\s*"[^"\n]*")?\n\s*endCursor: String/, '');
    expect(withoutEndCursor).not.toBe(read);
    const report = await checkSchemas(
      { read, delete: fullSubgraphSdl('delete') },
      { read: withoutEndCursor, create: fullSubgraphSdl('create') },
      [],
    );
    expect(report.unmarkedBreaking.map(({ schema, type, path }) => `${schema} ${type} ${path}`).sort()).toEqual([
      'delete SCHEMA_REMOVED delete',
      'read FIELD_REMOVED PageInfo.endCursor',
    ]);
    expect(report.changes).toContainEqual(expect.objectContaining({ schema: 'create', level: 'safe' }));
  });
});

describe('schemas at a git revision', () => {
  const config = loadSupergraphConfig();

  it("derive the API schema from that revision's supergraph", () => {
    const atHead = schemasAtRef('HEAD', config);
    expect(atHead.api).toContain('type Person {');
    expect(atHead.api).not.toContain('join__');
  });

  it('name a revision that has no supergraph', () => {
    expect(() => schemasAtRef('no-such-revision', config)).toThrow(/at no-such-revision/);
  });
});

describe('schema-changes.yaml', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-schema-changes-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("the repository's own file loads", () => {
    expect(Array.isArray(loadIntendedChanges())).toBe(true);
  });

  it('refuses an entry with no reason, saying where', () => {
    const file = path.join(dir, 'no-reason.yaml');
    fs.writeFileSync(file, 'intended:\n  - schema: api\n    type: FIELD_REMOVED\n    path: Person.middleName\n');
    expect(() => loadIntendedChanges(file)).toThrow(/intended\.0\.reason/);
  });
});

describe('npm run federation:check', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-schema-baseline-'));
  const config = loadSupergraphConfig();
  const lines: string[] = [];
  const say = (line: string) => lines.push(line);
  beforeEach(() => (lines.length = 0));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('passes on the checked-in files against the checked-in baseline', async () => {
    expect(await federationCheck({ config, say })).toEqual([]);
    expect(lines).toContain('@theguild/federation-composition: composed');
  });

  it('fails when a field clients had is gone, and passes once the change is listed as intended', async () => {
    // A baseline where PageInfo still had a field that the working tree no longer has.
    const current = currentSchemas(config);
    const withRemovedField = (sdl: string) => sdl.replace(/type PageInfo \{/, 'type PageInfo {\n  pageCount: Int');
    const baseline = {
      ...current,
      api: withRemovedField(current.api ?? ''),
      read: withRemovedField(current.read ?? ''),
    };
    writeBaseline(dir, baseline);
    const written = readBaseline(dir);
    expect(Object.keys(written).sort()).toEqual(Object.keys(baseline).sort());
    expect(written.read).toMatch(/^# Written by `npm run schema:baseline`/);
    expect((await checkSchemas(written, baseline, [])).changes).toEqual([]);
    const none = path.join(dir, 'none.yaml');
    fs.writeFileSync(none, 'intended: []\n');

    const failures = await federationCheck({ config, baselineDir: dir, intendedChangesFile: none, say });
    expect(failures).toEqual(['a breaking schema change is not marked as intended']);
    expect(lines.join('\n')).toMatch(/breaking +api: FIELD_REMOVED PageInfo.pageCount/);
    expect(lines.join('\n')).toMatch(/breaking +read: FIELD_REMOVED PageInfo.pageCount/);

    const listed = path.join(dir, 'listed.yaml');
    const entry = (schema: string) =>
      `  - schema: ${schema}\n    type: FIELD_REMOVED\n    path: PageInfo.pageCount\n    reason: nobody used it\n`;
    fs.writeFileSync(listed, `intended:\n${entry('api')}${entry('read')}`);
    expect(await federationCheck({ config, baselineDir: dir, intendedChangesFile: listed, say })).toEqual([]);
  });
});
