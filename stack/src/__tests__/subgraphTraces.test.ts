import { graphql, personInput, startTestStack, type TestStack } from './support/testStack';

interface TimingsLine {
  msg: string;
  operationName?: string;
  subgraphs: { subgraph: string; roundTripMs: number; executionMs: number; slowestField?: string }[];
}

const PEOPLE = 'query Everyone { people(first: 5) { totalCount edges { node { documentId firstName } } } }';

function timingLines(lines: string[]): TimingsLine[] {
  return lines.map((line) => JSON.parse(line) as TimingsLine).filter((line) => line.msg === 'subgraph timings');
}

describe('the gateway asking subgraphs for federated traces (GATEWAY_SUBGRAPH_TRACES)', () => {
  const lines: string[] = [];
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      gateway: { subgraphTraces: true },
      logLevel: 'info',
      logDestination: { write: (line: string) => lines.push(line) },
    });
  });

  afterAll(() => stack.close());

  it("logs where each subgraph call spent its time, and the client's answer carries no trace", async () => {
    const created = await graphql(
      stack.urls.gateway,
      'mutation ($p: CreatePersonInput!) { createPerson(input: $p) { documentId } }',
      {
        p: personInput('4242'),
      },
    );
    expect(created.body.errors).toBeUndefined();
    lines.length = 0;

    const answer = await graphql(stack.urls.gateway, PEOPLE);
    expect(answer.body.data).toEqual({
      people: { totalCount: 1, edges: [{ node: { documentId: '4242', firstName: 'Ana' } }] },
    });
    expect(JSON.stringify(answer.body)).not.toContain('ftv1');

    const [timings] = timingLines(lines);
    expect(timings?.operationName).toBe('Everyone');
    expect(timings?.subgraphs).toEqual([
      expect.objectContaining({ subgraph: 'read', slowestField: expect.stringMatching(/^people/) }),
    ]);
    expect(timings?.subgraphs[0]?.executionMs).toBeGreaterThan(0);
    expect(timings?.subgraphs[0]?.roundTripMs).toBeGreaterThanOrEqual(timings?.subgraphs[0]?.executionMs ?? 0);
  });
});

describe('the gateway by default', () => {
  const lines: string[] = [];
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ logLevel: 'info', logDestination: { write: (line: string) => lines.push(line) } });
  });

  afterAll(() => stack.close());

  it('does not ask for traces', async () => {
    const answer = await graphql(stack.urls.gateway, PEOPLE);
    expect(answer.body.errors).toBeUndefined();
    expect(timingLines(lines)).toEqual([]);
  });
});
