import type { GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { MAX_KNOWN_BODY_BYTES } from '@people/platform';
import type { SingleFetch } from './singleFetchPlan';
import type { VariablesCheck } from './variablesCheck';

/**
 * A query Apollo Server has parsed, validated and let through its limits, whose plan is one fetch
 * (so it has no named fragments: SingleFetchPlans leaves those to the general executor).
 */
export interface KnownOperation {
  /** The client's operation text and name, exactly as they came. */
  query: string;
  operationName: string | undefined;
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fetch: SingleFetch;
  /** Whether a request's variables are valid for it (variablesCheck). */
  variablesValid: VariablesCheck;
}

/** Distinct operations remembered; the bridge sends a handful, so a full table means ad-hoc clients. */
const MAX_ENTRIES = 1000;

/**
 * The operations that may be answered below express and Apollo Server, learned from the ones
 * Apollo Server has run: only what it accepted once (syntax, validation, depth, aliases, tokens:
 * all properties of the text alone) is ever found here.
 */
export class KnownOperations {
  private readonly byText = new Map<string, KnownOperation>();

  get size(): number {
    return this.byText.size;
  }

  learn(known: KnownOperation): void {
    // A longer text can never come below express (isGraphQLPost), so it is not kept.
    if (known.query.length > MAX_KNOWN_BODY_BYTES) return;
    const key = KnownOperations.key(known.query, known.operationName);
    if (this.byText.has(key)) return;
    if (this.byText.size >= MAX_ENTRIES) this.byText.clear();
    this.byText.set(key, known);
  }

  find(query: string, operationName: string | undefined): KnownOperation | undefined {
    return this.byText.get(KnownOperations.key(query, operationName));
  }

  private static key(query: string, operationName: string | undefined): string {
    return `${operationName ?? ''}\n${query}`;
  }
}
