import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, Kind, type FragmentDefinitionNode, type ParseOptions, type ValidationRule } from 'graphql';
import { MAX_PAGE_SIZE } from '@people/domain';
import type { OperationLimits } from './config';
import type { GatewayContext } from './context';
import { operationCost } from './queryCost';

/**
 * Refuses an operation that costs more than `maxCost` with the variables it came with. A validation
 * rule cannot do this: validation sees the document alone (and Apollo caches it per document), so
 * `people(first: $n)` would cost the same whatever `$n` is.
 */
function costLimitPlugin(maxCost: number): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return Promise.resolve();
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          }
          // The bridge's list pages are larger than any public client may ask for (TRUSTED_PAGE_SIZE),
          // and bounded by the read subgraph: they cost what a page of MAX_PAGE_SIZE does.
          const cost = operationCost(
            schema,
            operation,
            fragments,
            request.variables ?? {},
            contextValue.trustedBridge ? MAX_PAGE_SIZE : undefined,
          );
          if (cost <= maxCost) return Promise.resolve();
          return Promise.reject(
            new GraphQLError(`Query cost limit of ${maxCost} exceeded, found ${cost}.`, {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
            }),
          );
        },
      });
    },
  };
}

/**
 * The limits on one operation. Tokens are counted by graphql-js's own parser (Apollo's
 * `parseOptions`), a 400 GRAPHQL_PARSE_FAILED: graphql-armor's token plugin parses in a hook that
 * Apollo cannot turn into a client error, so any syntax error would become a 500. Depth, aliases
 * and directives are graphql-armor's validation rules, and cost is ours, computed with the
 * operation's variables: each a 400 GRAPHQL_VALIDATION_FAILED naming the limit and its value.
 */
export function operationLimits(limits: OperationLimits): {
  plugins: ApolloServerPlugin<GatewayContext>[];
  validationRules: ValidationRule[];
  parseOptions: ParseOptions;
} {
  const { plugins, validationRules } = new ApolloArmor({
    maxTokens: { enabled: false },
    maxDepth: { n: limits.maxDepth, exposeLimits: true },
    maxAliases: { n: limits.maxAliases, exposeLimits: true },
    maxDirectives: { n: limits.maxDirectives, exposeLimits: true },
    costLimit: { enabled: false },
    // Hidden by the gateway's formatError instead, which also catches enum values and variables.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return {
    plugins: [...plugins, costLimitPlugin(limits.maxCost)],
    validationRules,
    parseOptions: { maxLexicalTokens: limits.maxTokens },
  };
}
