import type { ApolloServerPlugin } from '@apollo/server';
import type { ServiceMetrics } from '@people/platform';

/** Times every GraphQL operation, by its (bounded) name and type, and whether it answered errors. */
export function graphqlMetricsPlugin(metrics: ServiceMetrics): ApolloServerPlugin {
  return {
    requestDidStart() {
      const started = process.hrtime.bigint();
      return Promise.resolve({
        willSendResponse({ operationName, operation, errors }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const outcome = errors && errors.length > 0 ? 'error' : 'ok';
          metrics.graphqlOperation(operationName, operation?.operation ?? 'unknown', outcome, seconds);
          return Promise.resolve();
        },
      });
    },
  };
}
