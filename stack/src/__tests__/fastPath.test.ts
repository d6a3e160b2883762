import { REQUEST_ID_HEADER } from '@people/platform';
import { PERSON_FIELDS, graphql, personInput, startTestStack, type TestStack } from './support/testStack';

/**
 * The gateway answers a query that is one fetch to one subgraph without its general executor. The
 * same query asked through a named fragment takes the general executor: both must read alike.
 */
const direct = (variables: string, selection: string) => `query Q(${variables}) { ${selection} }`;
const throughFragment = (variables: string, selection: string) =>
  `query Q(${variables}) { ...Root } fragment Root on Query { ${selection} }`;

describe('the gateway fast path for single-fetch queries', () => {
  let stack: TestStack;
  const lines: string[] = [];

  beforeAll(async () => {
    stack = await startTestStack({
      logLevel: 'info',
      logDestination: { write: (line: string) => lines.push(line) },
    });
    for (const id of ['501', '502', '503']) {
      const created = await graphql(
        stack.urls.gateway,
        'mutation C($input: CreatePersonInput!) { createPerson(input: $input) { documentId } }',
        { input: personInput(id) },
      );
      expect(created.body.errors).toBeUndefined();
    }
  });

  afterAll(() => stack.close());

  /** Requests the read subgraph logged for one request id. */
  const readSubgraphCalls = (requestId: string) =>
    lines.filter((line) => line.includes('"service":"subgraph-read"') && line.includes(`"requestId":"${requestId}"`))
      .length;

  const ask = (query: string, variables: Record<string, unknown>, requestId: string) =>
    graphql(stack.urls.gateway, query, variables, { [REQUEST_ID_HEADER]: requestId });

  it.each([
    ['one-person', '$id: ID!', `person(documentId: $id) { ${PERSON_FIELDS} }`, { id: '502' }],
    ['nobody', '$id: ID!', `person(documentId: $id) { documentId }`, { id: '999' }],
    [
      'page-aliases-directives',
      '$id: ID!, $first: Int',
      `page: people(first: $first) { totalCount edges { cursor node { id: documentId firstName @include(if: true) } } pageInfo { hasNextPage endCursor } } person(documentId: $id) { __typename email }`,
      { id: '501', first: 2 },
    ],
  ])('answers %s exactly as the general executor does', async (name, definitions, selection, variables) => {
    const fast = await ask(direct(definitions, selection), variables, `fast-${name}`);
    const general = await ask(throughFragment(definitions, selection), variables, `general-${name}`);
    expect(fast.status).toBe(200);
    expect(fast.body.errors).toBeUndefined();
    expect(fast.body).toEqual(general.body);
    expect(readSubgraphCalls(`fast-${name}`)).toBe(1);
  });

  it("passes a subgraph's error on as the general executor does, from a single call to the subgraph", async () => {
    const selection = 'people(first: $first) { totalCount }';
    const fast = await ask(direct('$first: Int', selection), { first: 1000 }, 'fast-refused');
    const general = await ask(throughFragment('$first: Int', selection), { first: 1000 }, 'general-refused');
    expect(fast.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect({ status: fast.status, body: fast.body }).toEqual({ status: general.status, body: general.body });
    expect(readSubgraphCalls('fast-refused')).toBe(1);
  });

  it('refuses bad variables as the general executor does, without calling the subgraph', async () => {
    const selection = 'person(documentId: $id) { documentId }';
    const fast = await ask(direct('$id: ID!', selection), { id: { $gt: '' } }, 'fast-bad-variables');
    const general = await ask(throughFragment('$id: ID!', selection), { id: { $gt: '' } }, 'general-bad-variables');
    expect(fast.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect({ status: fast.status, body: fast.body }).toEqual({ status: general.status, body: general.body });
    expect(readSubgraphCalls('fast-bad-variables')).toBe(0);
  });
});
