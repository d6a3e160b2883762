import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SUBGRAPH_DEFAULT_PORTS } from '@people/platform';
import { composeWithApollo, composeWithGuild } from '../../supergraph/compose';
import { fullSubgraphSdl } from '../../supergraph/subgraphSdl';
import { loadSupergraphConfig } from '../../supergraph/supergraphConfig';
import { readSupergraph } from '../../supergraph/supergraphFile';

describe('the checked-in federation files (run `npm run compose` after changing a schema)', () => {
  const config = loadSupergraphConfig();

  it.each(config.subgraphs.map((entry) => [entry.name, entry]))(
    "%s: the full SDL file is the subgraph's schema.graphql with the shared Person type",
    (name, { schemaFile }) => {
      const sdl = fs.readFileSync(schemaFile, 'utf8');
      expect(sdl).toBe(fullSubgraphSdl(name));
      expect(sdl).toContain('type Person @key(fields: "documentId")');
    },
  );

  it('the supergraph is what @apollo/composition composes from the files supergraph.yaml lists', () => {
    expect(readSupergraph()).toBe(composeWithApollo(config).supergraphSdl);
  });

  it('@theguild/federation-composition composes the same files to the same API schema', () => {
    const apollo = composeWithApollo(config);
    const guild = composeWithGuild(config);
    expect(guild.apiSdl).toBe(apollo.apiSdl);
    expect(guild.apiSdl).toContain('createPerson(input: CreatePersonInput!): Person!');
  });

  it("supergraph.yaml routes to the subgraphs' default ports and names the installed composition version", () => {
    for (const { name, routingUrl } of config.subgraphs) {
      expect(routingUrl).toBe(`http://127.0.0.1:${SUBGRAPH_DEFAULT_PORTS[name]}/graphql`);
    }
    const manifest = require.resolve('@apollo/composition/package.json');
    const { version: installed } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string };
    expect(config.federationVersion).toBe(`=${installed}`);
  });
});

describe('loading supergraph.yaml', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-supergraph-config-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function configFile(yaml: string): string {
    const file = path.join(dir, `${Math.random().toString(36).slice(2)}.yaml`);
    fs.writeFileSync(file, yaml);
    return file;
  }
  const entry = (name: string, port: number) =>
    `  ${name}:\n    routing_url: http://127.0.0.1:${port}/graphql\n    schema:\n      file: ./${name}.graphql\n`;

  it("resolves schema files against the config file; subgraphs come in the project's order, whatever the file's", () => {
    const file = configFile(
      `federation_version: =2.14.4\nsubgraphs:\n${entry('delete', 4)}${entry('create', 1)}${entry('read', 2)}${entry('update', 3)}`,
    );
    const config = loadSupergraphConfig(file);
    expect(config.subgraphs.map((s) => s.name)).toEqual(['create', 'read', 'update', 'delete']);
    expect(config.subgraphs[3]?.schemaFile).toBe(path.join(dir, 'delete.graphql'));
  });

  it('refuses a config that misses a subgraph or names one we do not have, saying which', () => {
    const file = configFile(
      `federation_version: =2.14.4\nsubgraphs:\n${entry('create', 1)}${entry('read', 2)}${entry('update', 3)}${entry('remove', 4)}`,
    );
    expect(() => loadSupergraphConfig(file)).toThrow(/delete[\s\S]*remove|remove[\s\S]*delete/);
  });
});
