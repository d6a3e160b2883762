import fc from 'fast-check';
import { graphql, personInput, startTestStack, type TestStack } from './support/testStack';

const OPERATIONS = [
  'mutation ($input: CreatePersonInput!) { createPerson(input: $input) { documentId } }',
  'mutation ($id: ID!, $input: UpdatePersonInput!) { updatePerson(documentId: $id, input: $input) { documentId } }',
  'mutation ($id: ID!) { deletePerson(documentId: $id) { documentId } }',
  'query ($id: ID!) { person(documentId: $id) { documentId photoUrl } }',
  'query ($first: Int, $after: String, $filter: PeopleFilter) { people(first: $first, after: $after, filter: $filter) { totalCount } }',
];

const hostileValue = fc.oneof(
  fc.jsonValue(),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.constantFrom({ $gt: '' }, { $where: 'sleep(1000)' }, '../../etc/passwd', '9'.repeat(400), '\u0000', '2024-02-30'),
);

describe('hostile input through the gateway', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });

  afterAll(async () => {
    await stack.close();
  });

  it('never gets a 5xx or an INTERNAL_SERVER_ERROR, whatever the variables', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...OPERATIONS),
        fc.record({
          id: hostileValue,
          first: hostileValue,
          after: hostileValue,
          filter: hostileValue,
          input: fc.oneof(
            hostileValue,
            fc.dictionary(fc.string({ maxLength: 12 }), hostileValue),
            fc
              .tuple(fc.constantFrom(...Object.keys(personInput('1'))), hostileValue)
              .map(([field, value]) => personInput('1234', { [field]: value })),
          ),
        }),
        async (query, variables) => {
          const result = await graphql(stack.urls.gateway, query, variables);
          expect(result.status).toBeLessThan(500);
          for (const error of result.body.errors ?? []) {
            expect(error.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
            expect(error.extensions).not.toHaveProperty('stacktrace');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
