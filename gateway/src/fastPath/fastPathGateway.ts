import type { ApolloGateway, GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { getVariableValues } from 'graphql';
import type { GatewayContext } from '../context';
import { KnownOperations } from './knownOperations';
import { SingleFetchPlans, type SingleFetch } from './singleFetchPlan';
import { variablesCheck } from './variablesCheck';

type Loaded = Awaited<ReturnType<ApolloGateway['load']>>;
type Executor = Loaded['executor'];
type RequestContext = Parameters<Executor>[0];
type ExecutionResult = Awaited<ReturnType<Executor>>;
type SubgraphResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

type IncomingOperation = Extract<GraphQLDataSourceProcessOptions<GatewayContext>, { pathInIncomingRequest: unknown }>;
/** GraphQLDataSourceRequestKind.INCOMING_OPERATION: the package's index does not export the enum. */
const INCOMING_OPERATION = 'incoming operation' as IncomingOperation['kind'];

/** What the fast path got from a subgraph and hands to the general executor instead of a second call. */
export type Outcome = { serviceName: string } & ({ response: SubgraphResponse } | { error: unknown });

/** The variables a fetch sends, as the general executor sends them: only those it uses, and only those given. */
export function fetchVariables(fetch: SingleFetch, given: Record<string, unknown>): Record<string, unknown> {
  const variables: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const name of fetch.variableUsages) {
    if (Object.hasOwn(given, name) && given[name] !== undefined) variables[name] = given[name];
  }
  return variables;
}

/** The members of a gateway Apollo Server uses. */
export type GatewayLike = Pick<ApolloGateway, 'load' | 'onSchemaLoadOrUpdate' | 'stop'>;

/**
 * The common case, a query that is one fetch to one subgraph (every read the REST bridge sends),
 * skips the gateway's general plan execution and result shaping: the subgraph's `data` is the
 * answer. Everything around execution stays Apollo Server's (parsing and validation, operation
 * limits, authentication and scopes, error formatting), and the call goes through the same data
 * source (request ids, the subgraph secret, timeouts). Any answer with errors, and any failure, is
 * handed to the general executor as the answer of its own fetch, so errors read exactly as before.
 */
export class SingleFetchFastPath {
  private readonly plans: SingleFetchPlans;
  private readonly sources = new Map<string, GraphQLDataSource<GatewayContext>>();
  private readonly outcomes = new WeakMap<object, Outcome>();
  /** The single-fetch queries Apollo Server has accepted, for the path below it (knownOperationPath.ts). */
  readonly known = new KnownOperations();

  constructor(supergraphSdl: string) {
    this.plans = new SingleFetchPlans(supergraphSdl);
  }

  /** The data source the gateway is given for a subgraph: it answers from an outcome when one waits. */
  dataSource(name: string, inner: GraphQLDataSource<GatewayContext>): GraphQLDataSource<GatewayContext> {
    this.sources.set(name, inner);
    return {
      process: (options: GraphQLDataSourceProcessOptions<GatewayContext>) => {
        const outcome = this.outcomes.get(options.context);
        if (!outcome || outcome.serviceName !== name) return inner.process(options);
        this.outcomes.delete(options.context);
        return 'response' in outcome ? Promise.resolve(outcome.response) : Promise.reject(outcome.error);
      },
    };
  }

  gateway(gateway: ApolloGateway): GatewayLike {
    return {
      load: async (options) => {
        const loaded = await gateway.load(options);
        return { ...loaded, executor: this.executor(loaded.executor) };
      },
      onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
      stop: () => gateway.stop(),
    };
  }

  private executor(general: Executor): Executor {
    return async (requestContext) => {
      // Apollo Server runs on a copy of the context it built: the copy carries what came with it.
      const { prefetched } = requestContext.context as GatewayContext;
      if (prefetched) {
        this.outcomes.set(requestContext.context, prefetched);
        return general(requestContext);
      }
      const fetch = this.singleFetch(requestContext);
      const source = fetch && this.sources.get(fetch.serviceName);
      if (!fetch || !source) return general(requestContext);
      this.learn(requestContext, fetch);
      const outcome = await this.send(fetch, requestContext.request.variables ?? {}, requestContext);
      if ('response' in outcome) {
        const { data, errors } = outcome.response;
        if (!errors && typeof data === 'object' && data !== null) return { data } as ExecutionResult;
      }
      this.outcomes.set(requestContext.context, outcome);
      return general(requestContext);
    };
  }

  private learn(requestContext: RequestContext, fetch: SingleFetch): void {
    const { request, operation, schema } = requestContext;
    if (typeof request.query !== 'string') return;
    this.known.learn({
      query: request.query,
      operationName: request.operationName ?? undefined,
      schema,
      operation,
      fetch,
      variablesValid: variablesCheck(schema, operation.variableDefinitions ?? []),
    });
  }

  private singleFetch(requestContext: RequestContext): SingleFetch | null {
    const { operation, document, queryHash, request, schema } = requestContext;
    const fetch = this.plans.lookup(queryHash, document, operation, request.operationName ?? undefined);
    if (!fetch) return null;
    // Variables the general executor would refuse go to it, to be refused in its words.
    const definitions = operation.variableDefinitions ?? [];
    if (definitions.length > 0 && getVariableValues(schema, definitions, request.variables ?? {}).errors) return null;
    return fetch;
  }

  /** The fetch as the general executor sends it, through the same data source. */
  private async send(
    fetch: SingleFetch,
    given: Record<string, unknown>,
    requestContext: Pick<RequestContext, 'context'>,
  ): Promise<Outcome> {
    const source = this.sources.get(fetch.serviceName);
    if (!source) return { serviceName: fetch.serviceName, error: new Error(`no data source ${fetch.serviceName}`) };
    try {
      const response = await source.process({
        kind: INCOMING_OPERATION,
        request: {
          query: fetch.operation,
          variables: fetchVariables(fetch, given),
          operationName: fetch.operationName,
        },
        // The data source reads only the cache policy from it, which the subgraphs here never set.
        incomingRequestContext: requestContext as RequestContext,
        context: requestContext.context as GatewayContext,
        document: fetch.document,
        pathInIncomingRequest: [],
      });
      return { serviceName: fetch.serviceName, response };
    } catch (error) {
      return { serviceName: fetch.serviceName, error };
    }
  }
}
