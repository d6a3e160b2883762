import { graphql, startTestStack, type TestStack } from './support/testStack';

const PERSON = '{ person(documentId: "1") { documentId } }';

/** Mistakes a client can make are answered as its own, never as server faults, and never logged as errors. */
describe('client mistakes answered as client errors', () => {
  const lines: string[] = [];
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      production: true,
      logLevel: 'info',
      logDestination: { write: (line: string) => lines.push(line) },
    });
  });

  afterAll(async () => {
    await stack.close();
  });

  /** Lines at error level (50) or above written while `work` ran. */
  async function errorLinesDuring(work: () => Promise<void>): Promise<string[]> {
    const from = lines.length;
    await work();
    return lines.slice(from).filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
  }

  it.each([
    ['a hash that does not match the query', { version: 1, sha256Hash: 'abc' }, /does not match/],
    ['an unknown persisted-query version', { version: 2, sha256Hash: 'abc' }, /version/],
  ])('refuses a persisted query with %s: 400 BAD_REQUEST, no stack', async (_case, persistedQuery, message) => {
    const errors = await errorLinesDuring(async () => {
      const response = await fetch(stack.urls.gateway, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: PERSON, extensions: { persistedQuery } }),
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
      expect(body.errors[0]?.extensions).toEqual({ code: 'BAD_REQUEST' });
      expect(body.errors[0]?.message).toMatch(message);
    });
    expect(errors).toEqual([]);
  });

  it.each([
    ['person', '{ person(documentId: "abc") { documentId } }'],
    ['deletePerson', 'mutation { deletePerson(documentId: "12a") { documentId } }'],
    ['updatePerson', 'mutation { updatePerson(documentId: "", input: { firstName: "Eva" }) { documentId } }'],
  ])('names documentId, not body, when %s gets an invalid one', async (_operation, query) => {
    const result = await graphql(stack.urls.gateway, query);
    expect(result.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      invalidFields: [
        { field: 'documentId', message: 'Must be 1 to 10 digits (0-9)', type: 'string_pattern_mismatch' },
      ],
    });
  });

  it('answers entity references with operator objects, sent straight to a subgraph, with BAD_USER_INPUT', async () => {
    const errors = await errorLinesDuring(async () => {
      for (const documentId of [{ $gt: '' }, { $ne: null }, ['1'], 12]) {
        const result = await graphql(
          stack.urls.subgraphs.read,
          'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { documentId } } }',
          { r: [{ __typename: 'Person', documentId }] },
        );
        expect(JSON.stringify(result.body.data ?? null)).not.toMatch(/documentId/);
        expect(result.body.errors?.[0]?.extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          invalidFields: [{ field: 'documentId' }],
        });
      }
    });
    expect(errors).toEqual([]);
  });
});
