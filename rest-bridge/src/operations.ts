import type {
  CreatePersonMutation,
  CreatePersonMutationVariables,
  DeletePersonMutation,
  DeletePersonMutationVariables,
  GetPersonQuery,
  GetPersonQueryVariables,
  ListPeopleQuery,
  ListPeopleQueryVariables,
  UpdatePersonMutation,
  UpdatePersonMutationVariables,
  UpdatePersonPhotoMutation,
  UpdatePersonPhotoMutationVariables,
} from './__generated__/operations';

/**
 * Every GraphQL document the bridge sends, defined once. Values only ever travel as variables;
 * a test validates each document against the supergraph.
 *
 * Each document is a plain literal marked `GraphQL`: `npm run codegen` reads these very texts and
 * generates their data and variables types from the supergraph (`__generated__/operations.ts`),
 * so the text sent and the types it is checked with cannot drift apart. The selections are
 * spelled out because the generator cannot read interpolations; a test holds them to
 * `GRAPHQL_PERSON_FIELDS`. Prettier is kept off the texts: they go on the wire exactly as written.
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

// prettier-ignore
export const CreatePerson = operation<CreatePersonMutation, CreatePersonMutationVariables>(
  'CreatePerson',
  /* GraphQL */ `mutation CreatePerson($input: CreatePersonInput!) { createPerson(input: $input) { documentId documentType firstName middleName lastName birthDate gender email phone photoUrl createdAt updatedAt } }`,
);

// prettier-ignore
export const GetPerson = operation<GetPersonQuery, GetPersonQueryVariables>(
  'GetPerson',
  /* GraphQL */ `query GetPerson($documentId: ID!) { person(documentId: $documentId) { documentId documentType firstName middleName lastName birthDate gender email phone photoUrl createdAt updatedAt } }`,
);

// prettier-ignore
export const ListPeople = operation<ListPeopleQuery, ListPeopleQueryVariables>(
  'ListPeople',
  /* GraphQL */ `query ListPeople($first: Int!, $after: String) {
  people(first: $first, after: $after) {
    edges { node { documentId documentType firstName middleName lastName birthDate gender email phone photoUrl createdAt updatedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`,
);

// prettier-ignore
export const UpdatePerson = operation<UpdatePersonMutation, UpdatePersonMutationVariables>(
  'UpdatePerson',
  /* GraphQL */ `mutation UpdatePerson($documentId: ID!, $input: UpdatePersonInput!) { updatePerson(documentId: $documentId, input: $input) { documentId documentType firstName middleName lastName birthDate gender email phone photoUrl createdAt updatedAt } }`,
);

/** Sent as a GraphQL multipart request; `$photo` is the file part. */
// prettier-ignore
export const UpdatePersonPhoto = operation<UpdatePersonPhotoMutation, UpdatePersonPhotoMutationVariables>(
  'UpdatePersonPhoto',
  /* GraphQL */ `mutation UpdatePersonPhoto($documentId: ID!, $photo: Upload!) { updatePersonPhoto(documentId: $documentId, photo: $photo) { documentId documentType firstName middleName lastName birthDate gender email phone photoUrl createdAt updatedAt } }`,
);

// prettier-ignore
export const DeletePerson = operation<DeletePersonMutation, DeletePersonMutationVariables>(
  'DeletePerson',
  /* GraphQL */ `mutation DeletePerson($documentId: ID!) { deletePerson(documentId: $documentId) { documentId documentType firstName middleName lastName birthDate gender email phone photoUrl createdAt updatedAt } }`,
);

export const OPERATIONS = [CreatePerson, GetPerson, ListPeople, UpdatePerson, UpdatePersonPhoto, DeletePerson];
