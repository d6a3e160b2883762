import fs from 'node:fs';
import { composeServices as composeWithApolloComposition } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { composeServices as composeWithGuildComposition } from '@theguild/federation-composition';
import { buildSchema, lexicographicSortSchema, parse, printSchema, type GraphQLSchema } from 'graphql';
import type { SupergraphConfig } from './supergraphConfig';

export interface Composition {
  supergraphSdl: string;
  /** The schema clients see (no join or link machinery), sorted so two composers' can be compared. */
  apiSdl: string;
}

type ServiceList = { name: string; url: string; typeDefs: ReturnType<typeof parse> }[];

function services(config: SupergraphConfig): ServiceList {
  return config.subgraphs.map(({ name, routingUrl, schemaFile }) => ({
    name,
    url: routingUrl,
    typeDefs: parse(fs.readFileSync(schemaFile, 'utf8')),
  }));
}

function failed(composer: string, errors: readonly { message: string }[]): Error {
  return new Error(`${composer} failed:\n${errors.map((e) => `  - ${e.message}`).join('\n')}`);
}

function printSorted(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

/** The API schema of a supergraph, as Apollo's gateway derives it. */
export function apiSchemaSdl(supergraphSdl: string): string {
  return printSorted(Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema());
}

/** Composes the subgraph SDL files that supergraph.yaml lists with `@apollo/composition` (what the gateway serves). */
export function composeWithApollo(config: SupergraphConfig): Composition {
  const result = composeWithApolloComposition(services(config));
  if (result.errors) throw failed('@apollo/composition', result.errors);
  const supergraphSdl = `${result.supergraphSdl.trimEnd()}\n`;
  return { supergraphSdl, apiSdl: apiSchemaSdl(supergraphSdl) };
}

/** The same composition with `@theguild/federation-composition` (what Hive's tools use), its API schema its own. */
export function composeWithGuild(config: SupergraphConfig): Composition {
  const result = composeWithGuildComposition(services(config));
  if (result.errors) throw failed('@theguild/federation-composition', result.errors);
  return { supergraphSdl: result.supergraphSdl, apiSdl: printSorted(buildSchema(result.publicSdl)) };
}
