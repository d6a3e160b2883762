import { type Trace } from '@apollo/usage-reporting-protobuf';
import { subgraphTimings } from '../subgraphTraces';

const at = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });

function fetchNode(serviceName: string, sentMs: number, receivedMs: number, root: Trace.INode): Trace.IQueryPlanNode {
  return {
    fetch: { serviceName, sentTime: at(sentMs), receivedTime: at(receivedMs), trace: { durationNs: 2e6, root } },
  };
}

describe('subgraph timings from a query plan trace', () => {
  it('lists every fetch in plan order, through sequences, parallels and flattens, with its slowest field', () => {
    const read = fetchNode('read', 1000, 1005, {
      child: [
        {
          responseName: 'people',
          startTime: 0,
          endTime: 1e6,
          child: [{ index: 0, child: [{ responseName: 'email', startTime: 0, endTime: 3e6 }] }],
        },
      ],
    });
    const update = fetchNode('update', 1006, 1010.5, {
      child: [{ responseName: '_entities', startTime: 0, endTime: 5e5 }],
    });
    const plan: Trace.IQueryPlanNode = {
      sequence: { nodes: [read, { parallel: { nodes: [{ flatten: { node: update } }] } }] },
    };
    expect(subgraphTimings(plan)).toEqual([
      { subgraph: 'read', roundTripMs: 5, executionMs: 2, slowestField: 'people.0.email', slowestFieldMs: 3 },
      { subgraph: 'update', roundTripMs: 4.5, executionMs: 2, slowestField: '_entities', slowestFieldMs: 0.5 },
    ]);
  });

  it('is empty when nothing was traced', () => {
    expect(subgraphTimings(undefined)).toEqual([]);
    expect(subgraphTimings({ sequence: { nodes: [] } })).toEqual([]);
  });
});
