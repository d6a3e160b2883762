import type { CodegenConfig } from '@graphql-codegen/cli';

type PluginConfig = Record<string, Record<string, string>>;

/**
 * The resolver-type generation every subgraph shares: federation-aware types from the shared Person
 * type and the subgraph's own schema, with Person mapped to the shared domain type.
 */
export function subgraphCodegen(
  extra: { mappers?: Record<string, string>; scalars?: Record<string, string> } = {},
): CodegenConfig {
  const config: PluginConfig = {
    mappers: { Person: '@people/domain#Person as PersonModel', ...extra.mappers },
    scalars: { Date: 'string', DateTime: 'Date', ...extra.scalars },
  };
  return {
    schema: ['../../shared/subgraph-kit/schema/person.graphql', 'schema.graphql'],
    generates: {
      'src/__generated__/resolvers-types.ts': {
        plugins: ['typescript', 'typescript-resolvers'],
        config: {
          federation: true,
          useIndexSignature: false,
          useTypeImports: true,
          enumsAsTypes: true,
          contextType: '@people/subgraph-kit#SubgraphContext',
          ...config,
        },
      },
    },
  };
}
