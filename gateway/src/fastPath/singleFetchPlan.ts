import { Supergraph, operationFromDocument, type Schema } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode } from '@apollo/query-planner';
import { Kind, OperationTypeNode, parse, print, type DocumentNode, type OperationDefinitionNode } from 'graphql';

/** A query whose whole plan is one fetch to one subgraph, asking it exactly what the client asked. */
export interface SingleFetch {
  serviceName: string;
  /** The operation sent to the subgraph, as the gateway's own executor sends it. */
  operation: string;
  operationName: string | undefined;
  document: DocumentNode;
  variableUsages: readonly string[];
}

/** Distinct operations remembered; the bridge sends six, so a full table means ad-hoc clients. */
const MAX_ENTRIES = 1000;

function onlyFetch(node: PlanNode | undefined): FetchNode | undefined {
  if (node?.kind === 'Fetch') return node;
  if ((node?.kind === 'Sequence' || node?.kind === 'Parallel') && node.nodes.length === 1)
    return onlyFetch(node.nodes[0]);
  return undefined;
}

/**
 * Finds, once per distinct operation, whether its query plan is a single fetch whose answer is the
 * client's answer as it stands: no entity resolution, no rewrites, and the subgraph's selection
 * identical to the client's, so nothing has to be merged or reshaped.
 */
export class SingleFetchPlans {
  private readonly planner: QueryPlanner;
  private readonly apiSchema: Schema;
  private readonly known = new Map<string, SingleFetch | null>();

  constructor(supergraphSdl: string) {
    const supergraph = Supergraph.build(supergraphSdl);
    this.planner = new QueryPlanner(supergraph);
    this.apiSchema = supergraph.apiSchema();
  }

  lookup(
    queryHash: string,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    operationName: string | undefined,
  ): SingleFetch | null {
    const key = `${queryHash}:${operationName ?? ''}`;
    const cached = this.known.get(key);
    if (cached !== undefined) return cached;
    if (this.known.size >= MAX_ENTRIES) this.known.clear();
    let found: SingleFetch | null;
    try {
      found = this.analyse(document, operation, operationName);
    } catch {
      // What cannot be planned here is the general executor's to plan, and to report.
      found = null;
    }
    this.known.set(key, found);
    return found;
  }

  private analyse(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    operationName: string | undefined,
  ): SingleFetch | null {
    // Only queries: on an unusual answer the general executor runs the same plan again, which a
    // mutation must never do twice.
    if (operation.operation !== OperationTypeNode.QUERY) return null;
    // Named fragments would have to be compared too; the bridge sends none.
    if (document.definitions.some((definition) => definition.kind === Kind.FRAGMENT_DEFINITION)) return null;
    const plan = this.planner.buildQueryPlan(
      operationFromDocument(this.apiSchema, document, operationName ? { operationName } : {}),
    );
    const fetch = plan.node?.kind === 'Subscription' ? undefined : onlyFetch(plan.node);
    if (!fetch || fetch.requires || fetch.inputRewrites?.length || fetch.outputRewrites?.length) return null;
    if (fetch.contextRewrites?.length) return null;
    const fetchDocument = fetch.operationDocumentNode ?? parse(fetch.operation);
    const fetchOperation = fetchDocument.definitions.find(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    );
    if (fetchDocument.definitions.some((definition) => definition.kind === Kind.FRAGMENT_DEFINITION)) return null;
    if (!fetchOperation || print(fetchOperation.selectionSet) !== print(operation.selectionSet)) return null;
    return {
      serviceName: fetch.serviceName,
      operation: fetch.operation,
      operationName: fetch.operationName,
      document: fetchDocument,
      variableUsages: fetch.variableUsages ?? [],
    };
  }
}
