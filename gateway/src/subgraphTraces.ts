import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '@people/platform';
import type { Trace, google } from '@apollo/usage-reporting-protobuf';
import type { GatewayContext } from './context';

/** Where one subgraph call spent its time, from the subgraph's federated trace (ftv1). */
export interface SubgraphTiming {
  subgraph: string;
  /** From the gateway sending the call to its answer arriving. */
  roundTripMs: number;
  /** The subgraph's own execution of the operation. */
  executionMs: number;
  /** The field that took longest to resolve, as a response path (`people.edges.0.node`). */
  slowestField?: string;
  slowestFieldMs?: number;
}

const ms = (nanos: number) => Math.round(nanos / 1e4) / 100;
const toNanos = (time: google.protobuf.ITimestamp | null | undefined) =>
  (time?.seconds ?? 0) * 1e9 + (time?.nanos ?? 0);

function slowestField(node: Trace.INode, parentPath: string[]): { path: string; nanos: number } | undefined {
  let slowest: { path: string; nanos: number } | undefined;
  for (const child of node.child ?? []) {
    const path = [...parentPath, child.responseName ?? String(child.index ?? '')];
    const own = { path: path.join('.'), nanos: (child.endTime ?? 0) - (child.startTime ?? 0) };
    for (const candidate of [own, slowestField(child, path)]) {
      if (candidate && (!slowest || candidate.nanos > slowest.nanos)) slowest = candidate;
    }
  }
  return slowest;
}

/** The timing of every subgraph call in a query plan's trace, in plan order. */
export function subgraphTimings(plan: Trace.IQueryPlanNode | null | undefined): SubgraphTiming[] {
  if (!plan) return [];
  if (plan.fetch) {
    const { serviceName, trace, sentTime, receivedTime } = plan.fetch;
    const slowest = trace?.root ? slowestField(trace.root, []) : undefined;
    return [
      {
        subgraph: serviceName ?? 'unknown',
        roundTripMs: ms(toNanos(receivedTime) - toNanos(sentTime)),
        executionMs: ms(trace?.durationNs ?? 0),
        ...(slowest ? { slowestField: slowest.path, slowestFieldMs: ms(slowest.nanos) } : {}),
      },
    ];
  }
  const children = [
    ...(plan.sequence?.nodes ?? []),
    ...(plan.parallel?.nodes ?? []),
    ...(plan.flatten?.node ? [plan.flatten.node] : []),
  ];
  return children.flatMap(subgraphTimings);
}

/**
 * Asks every subgraph for its federated trace and logs, per operation, where each subgraph call
 * spent its time. Off by default: it costs each subgraph a trace per field, for a log line.
 */
export function subgraphTracesPlugin(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart({ metrics }) {
      // @apollo/gateway sends apollo-federation-include-trace: ftv1 when the request captures traces.
      metrics.captureTraces = true;
      return Promise.resolve({
        willSendResponse({ metrics: done, operationName }) {
          const subgraphs = subgraphTimings(done.queryPlanTrace);
          if (subgraphs.length > 0) logger.info({ operationName, subgraphs }, 'subgraph timings');
          return Promise.resolve();
        },
      });
    },
  };
}
