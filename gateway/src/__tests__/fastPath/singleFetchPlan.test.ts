import { GRAPHQL_PERSON_FIELDS } from '@people/rest-bridge';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { SingleFetchPlans } from '../../fastPath/singleFetchPlan';
import { readSupergraph } from '../../supergraph/supergraphFile';

const plans = new SingleFetchPlans(readSupergraph());

/** The shapes of the operations the REST bridge sends. */
const GET_PERSON = `query GetPerson($documentId: ID!) { person(documentId: $documentId) { ${GRAPHQL_PERSON_FIELDS} } }`;
const LIST_PEOPLE = `query ListPeople($first: Int!, $after: String) {
  people(first: $first, after: $after) { edges { cursor node { ${GRAPHQL_PERSON_FIELDS} } } pageInfo { hasNextPage endCursor } }
}`;
const MUTATIONS = [
  `mutation CreatePerson($input: CreatePersonInput!) { createPerson(input: $input) { ${GRAPHQL_PERSON_FIELDS} } }`,
  `mutation UpdatePerson($documentId: ID!, $input: UpdatePersonInput!) { updatePerson(documentId: $documentId, input: $input) { documentId } }`,
  `mutation DeletePerson($documentId: ID!) { deletePerson(documentId: $documentId) { documentId } }`,
];

function lookup(query: string, operationName?: string) {
  const document = parse(query);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName),
  );
  if (!operation) throw new Error('no operation');
  return plans.lookup(query, document, operation, operationName);
}

describe('single-fetch plans', () => {
  it("finds the bridge's reads to be one fetch to the read subgraph asking what the client asked", () => {
    const person = lookup(GET_PERSON, 'GetPerson');
    expect(person).toMatchObject({ serviceName: 'read', variableUsages: ['documentId'] });
    expect(person?.operation).toContain('person(documentId:$documentId)');
    const people = lookup(LIST_PEOPLE, 'ListPeople');
    expect(people).toMatchObject({ serviceName: 'read', variableUsages: ['first', 'after'] });
  });

  it('leaves mutations to the general executor, which must never send them twice', () => {
    for (const mutation of MUTATIONS) expect(lookup(mutation)).toBeNull();
  });

  it('leaves named fragments and gateway-answered fields (introspection) to the general executor', () => {
    expect(
      lookup('query Q { person(documentId: "1") { ...F } } fragment F on Person { documentId firstName }'),
    ).toBeNull();
    expect(lookup('{ __schema { queryType { name } } }')).toBeNull();
    expect(lookup('{ __typename }')).toBeNull();
  });

  it('leaves to the general executor what it cannot plan, instead of failing the request', () => {
    expect(lookup('query Q { person(documentId: "1") { noSuchField } }')).toBeNull();
  });

  it('answers the same operation from its table the second time', () => {
    const query = '{ person(documentId: "7") { documentId } }';
    expect(lookup(query)).toBe(lookup(query));
  });
});
