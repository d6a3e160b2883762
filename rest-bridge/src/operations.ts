import { GRAPHQL_PERSON_FIELDS, type GraphQLPerson } from '@people/shared';

/**
 * Every GraphQL document the bridge sends, defined once. Values only ever travel as variables;
 * a test validates each document against the supergraph.
 */
export interface Operation<TData, TVariables> {
  name: string;
  document: string;
  /** Phantom fields: tie a document to the shapes of its data and variables. */
  readonly _data?: TData;
  readonly _variables?: TVariables;
}

function operation<TData, TVariables>(name: string, document: string): Operation<TData, TVariables> {
  return { name, document };
}

export interface PeoplePage {
  edges: { cursor: string; node: GraphQLPerson }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export const CreatePerson = operation<{ createPerson: GraphQLPerson }, { input: Record<string, unknown> }>(
  'CreatePerson',
  `mutation CreatePerson($input: CreatePersonInput!) { createPerson(input: $input) { ${GRAPHQL_PERSON_FIELDS} } }`,
);

export const GetPerson = operation<{ person: GraphQLPerson | null }, { documentId: string }>(
  'GetPerson',
  `query GetPerson($documentId: ID!) { person(documentId: $documentId) { ${GRAPHQL_PERSON_FIELDS} } }`,
);

export const ListPeople = operation<{ people: PeoplePage }, { first: number; after: string | null }>(
  'ListPeople',
  `query ListPeople($first: Int!, $after: String) {
  people(first: $first, after: $after) {
    edges { cursor node { ${GRAPHQL_PERSON_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
}`,
);

export const UpdatePerson = operation<
  { updatePerson: GraphQLPerson },
  { documentId: string; input: Record<string, unknown> }
>(
  'UpdatePerson',
  `mutation UpdatePerson($documentId: ID!, $input: UpdatePersonInput!) { updatePerson(documentId: $documentId, input: $input) { ${GRAPHQL_PERSON_FIELDS} } }`,
);

/** Sent as a GraphQL multipart request; `$photo` is the file part. */
export const UpdatePersonPhoto = operation<{ updatePersonPhoto: GraphQLPerson }, { documentId: string; photo: null }>(
  'UpdatePersonPhoto',
  `mutation UpdatePersonPhoto($documentId: ID!, $photo: Upload!) { updatePersonPhoto(documentId: $documentId, photo: $photo) { ${GRAPHQL_PERSON_FIELDS} } }`,
);

export const DeletePerson = operation<{ deletePerson: GraphQLPerson }, { documentId: string }>(
  'DeletePerson',
  `mutation DeletePerson($documentId: ID!) { deletePerson(documentId: $documentId) { ${GRAPHQL_PERSON_FIELDS} } }`,
);

export const OPERATIONS = [CreatePerson, GetPerson, ListPeople, UpdatePerson, UpdatePersonPhoto, DeletePerson];
