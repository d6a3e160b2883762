import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: ['../../shared/schema/person.graphql', 'schema.graphql'],
  generates: {
    'src/__generated__/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        useIndexSignature: false,
        useTypeImports: true,
        enumsAsTypes: true,
        contextType: '@people/shared#SubgraphContext',
        mappers: {
          Person: '@people/shared#Person as PersonModel',
          PersonConnection: '../connection#PersonConnectionSource',
        },
        scalars: { Date: 'string', DateTime: 'Date' },
      },
    },
  },
};

export default config;
