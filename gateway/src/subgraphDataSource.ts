import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { REQUEST_ID_HEADER, ServiceUnavailableError, type Logger } from '@people/shared';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from './context';

interface SubgraphHttpError {
  status: number;
  body?: { errors?: { message?: string; extensions?: Record<string, unknown> }[] };
}

/**
 * How the gateway talks to one subgraph: the platform's fetch (pooled keep-alive connections),
 * a time bound, the caller's request id, and a subgraph that cannot be reached reported as
 * SERVICE_UNAVAILABLE instead of a driver message.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly name: string,
    url: string,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {
    super({ url });
    this.fetcher = (input, init) =>
      fetch(input, { ...init, signal: AbortSignal.timeout(this.timeoutMs) } as RequestInit) as ReturnType<
        RemoteGraphQLDataSource['fetcher']
      >;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (context.requestId) request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
  }

  override didEncounterError(error: Error): never {
    const response = (error as GraphQLError).extensions?.response as SubgraphHttpError | undefined;
    // A subgraph answers 4xx with a GraphQL body when it refuses the variables (a scalar the
    // gateway passes through unparsed, such as Date): the client gets that error as it is.
    const refusal = response && response.status < 500 ? response.body?.errors?.[0] : undefined;
    if (refusal?.message && typeof refusal.extensions?.code === 'string') {
      throw new GraphQLError(refusal.message, { extensions: refusal.extensions });
    }
    if (error instanceof GraphQLError && response && response.status < 500 && error.extensions.code) throw error;
    this.logger.warn({ subgraph: this.name, err: error }, 'subgraph request failed');
    throw new ServiceUnavailableError(`The ${this.name} service is unavailable; try again shortly`);
  }

}
