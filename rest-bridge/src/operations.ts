import { GRAPHQL_PERSON_FIELDS } from './dialect/restPerson';
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
 * A person's selection is `GRAPHQL_PERSON_FIELDS`, spelled out in each text rather than sent as a
 * fragment: the gateway's fast path takes only documents without fragments. `npm run codegen`
 * loads these very texts (`OPERATIONS`) and generates their data and variables types from the
 * supergraph (`__generated__/operations.ts`), so the text sent and the types it is checked with
 * cannot drift apart. Prettier is kept off the texts: they go on the wire exactly as written.
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
  `mutation CreatePerson($input: CreatePersonInput!) { createPerson(input: $input) { ${GRAPHQL_PERSON_FIELDS} } }`,
);

// prettier-ignore
export const GetPerson = operation<GetPersonQuery, GetPersonQueryVariables>(
  'GetPerson',
  `query GetPerson($documentId: ID!) { person(documentId: $documentId) { ${GRAPHQL_PERSON_FIELDS} } }`,
);

// prettier-ignore
export const ListPeople = operation<ListPeopleQuery, ListPeopleQueryVariables>(
  'ListPeople',
  // pageInfo first: it opens the answer, so the next page can be asked for before this one is read.
  `query ListPeople($first: Int!, $after: String) {
  people(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { ${GRAPHQL_PERSON_FIELDS} } }
  }
}`,
);

// prettier-ignore
export const UpdatePerson = operation<UpdatePersonMutation, UpdatePersonMutationVariables>(
  'UpdatePerson',
  `mutation UpdatePerson($documentId: ID!, $input: UpdatePersonInput!) { updatePerson(documentId: $documentId, input: $input) { ${GRAPHQL_PERSON_FIELDS} } }`,
);

/** Sent as a GraphQL multipart request; `$photo` is the file part. */
// prettier-ignore
export const UpdatePersonPhoto = operation<UpdatePersonPhotoMutation, UpdatePersonPhotoMutationVariables>(
  'UpdatePersonPhoto',
  `mutation UpdatePersonPhoto($documentId: ID!, $photo: Upload!) { updatePersonPhoto(documentId: $documentId, photo: $photo) { ${GRAPHQL_PERSON_FIELDS} } }`,
);

// prettier-ignore
export const DeletePerson = operation<DeletePersonMutation, DeletePersonMutationVariables>(
  'DeletePerson',
  `mutation DeletePerson($documentId: ID!) { deletePerson(documentId: $documentId) { ${GRAPHQL_PERSON_FIELDS} } }`,
);

export const OPERATIONS = [CreatePerson, GetPerson, ListPeople, UpdatePerson, UpdatePersonPhoto, DeletePerson];
