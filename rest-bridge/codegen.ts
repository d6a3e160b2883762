import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';
import { OPERATIONS } from './src/operations';

/** The API schema clients see (without the supergraph's join and link machinery), from the checked-in supergraph. */
const apiSchema = printSchema(
  Supergraph.build(readFileSync(join(__dirname, '../gateway/supergraph.graphql'), 'utf8'))
    .apiSchema()
    .toGraphQLJSSchema(),
);

/**
 * The data and variables types of every operation the bridge sends, from the very document text it
 * sends (`OPERATIONS`, whose person selections come from the registry), checked against the
 * supergraph: an operation the graph no longer answers fails here, and a changed field or argument
 * type fails the bridge's type check.
 */
const config: CodegenConfig = {
  schema: apiSchema,
  documents: OPERATIONS.map((operation) => operation.document),
  generates: {
    'src/__generated__/operations.ts': {
      plugins: ['typescript', 'typescript-operations'],
      config: {
        onlyOperationTypes: true,
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: true,
        avoidOptionals: { field: true },
        strictScalars: true,
        // As JSON carries them; an upload's variable is null, its file travels as a multipart part.
        scalars: { Date: 'string', DateTime: 'string', Upload: { input: 'null', output: 'never' } },
      },
    },
  },
};

export default config;
