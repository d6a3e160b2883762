import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ParseOptions, ValidationRule } from 'graphql';
import type { OperationLimits } from './config';

/**
 * The limits on one operation. Tokens are counted by graphql-js's own parser (Apollo's
 * `parseOptions`), a 400 GRAPHQL_PARSE_FAILED: graphql-armor's token plugin parses in a hook that
 * Apollo cannot turn into a client error, so any syntax error would become a 500. Depth, aliases,
 * directives and cost are graphql-armor's validation rules, a 400 GRAPHQL_VALIDATION_FAILED naming
 * the limit and its value.
 */
export function operationLimits(limits: OperationLimits): {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  parseOptions: ParseOptions;
} {
  const { plugins, validationRules } = new ApolloArmor({
    maxTokens: { enabled: false },
    maxDepth: { n: limits.maxDepth, exposeLimits: true },
    maxAliases: { n: limits.maxAliases, exposeLimits: true },
    maxDirectives: { n: limits.maxDirectives, exposeLimits: true },
    costLimit: { maxCost: limits.maxCost, exposeLimits: true },
    blockFieldSuggestion: { enabled: limits.blockFieldSuggestions },
  }).protect();
  return { plugins, validationRules, parseOptions: { maxTokens: limits.maxTokens } };
}
