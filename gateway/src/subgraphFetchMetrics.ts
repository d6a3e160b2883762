import type { ServiceMetrics } from '@people/platform';
import type { SubgraphDataSource } from './subgraphDataSource';

type Fetcher = SubgraphDataSource['fetcher'];

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/**
 * The data source's fetcher, timing every call to the subgraph and counting failures: no answer
 * (unreachable, timed out) or a 5xx answer. A subgraph's GraphQL errors are answers, not failures.
 */
export function timedFetcher(fetcher: Fetcher, subgraph: string, metrics: ServiceMetrics): Fetcher {
  return async (input, init) => {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const response = await fetcher(input, init);
      const failed = response.status >= 500;
      if (failed) metrics.subgraphFetchError(subgraph, 'http_status');
      metrics.subgraphFetch(subgraph, failed ? 'error' : 'ok', seconds());
      return response;
    } catch (error) {
      metrics.subgraphFetchError(subgraph, isTimeout(error) ? 'timeout' : 'unreachable');
      metrics.subgraphFetch(subgraph, 'error', seconds());
      throw error;
    }
  };
}
