export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A calendar date, ISO `yyyy-mm-dd`. */
  Date: { input: string; output: string; }
  /** An instant, ISO-8601 in UTC, for example `2026-11-28T14:03:09.000Z`. */
  DateTime: { input: string; output: string; }
  /** A file sent as a GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec). */
  Upload: { input: null; output: never; }
};

/** Everything a new person needs. The Person type itself is shared: shared/subgraph-kit/schema/person.graphql. */
export type CreatePersonInput = {
  birthDate: Scalars['Date']['input'];
  /** 1 to 10 digits; must not belong to anyone yet. */
  documentId: Scalars['ID']['input'];
  documentType: DocumentType;
  email: Scalars['String']['input'];
  firstName: Scalars['String']['input'];
  gender: Gender;
  lastName: Scalars['String']['input'];
  middleName?: InputMaybe<Scalars['String']['input']>;
  phone: Scalars['String']['input'];
};

/**
 * The type of identity document a person's `documentId` belongs to.
 * REST spells these `Cédula` and `Tarjeta de identidad`.
 */
export type DocumentType =
  | 'CEDULA'
  | 'TARJETA_DE_IDENTIDAD';

/** REST spells these `Masculino`, `Femenino`, `No binario` and `Prefiero no decir`. */
export type Gender =
  | 'FEMENINO'
  | 'MASCULINO'
  | 'NO_BINARIO'
  | 'PREFIERO_NO_DECIR';

export type PeopleFilter = {
  documentType?: InputMaybe<DocumentType>;
  gender?: InputMaybe<Gender>;
};

/** Only the fields given change; middleName: null clears the middle name. documentId never changes. */
export type UpdatePersonInput = {
  birthDate?: InputMaybe<Scalars['Date']['input']>;
  documentType?: InputMaybe<DocumentType>;
  email?: InputMaybe<Scalars['String']['input']>;
  firstName?: InputMaybe<Scalars['String']['input']>;
  gender?: InputMaybe<Gender>;
  lastName?: InputMaybe<Scalars['String']['input']>;
  middleName?: InputMaybe<Scalars['String']['input']>;
  phone?: InputMaybe<Scalars['String']['input']>;
};

export type GetPersonQueryVariables = Exact<{
  documentId: Scalars['ID']['input'];
}>;


export type GetPersonQuery = { person: { documentId: string, documentType: DocumentType, firstName: string, middleName: string | null, lastName: string, birthDate: string, gender: Gender, email: string, phone: string, photoUrl: string | null, createdAt: string, updatedAt: string } | null };

export type UpdatePersonMutationVariables = Exact<{
  documentId: Scalars['ID']['input'];
  input: UpdatePersonInput;
}>;


export type UpdatePersonMutation = { updatePerson: { documentId: string, documentType: DocumentType, firstName: string, middleName: string | null, lastName: string, birthDate: string, gender: Gender, email: string, phone: string, photoUrl: string | null, createdAt: string, updatedAt: string } };

export type ListPeopleQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type ListPeopleQuery = { people: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { documentId: string, documentType: DocumentType, firstName: string, middleName: string | null, lastName: string, birthDate: string, gender: Gender, email: string, phone: string, photoUrl: string | null, createdAt: string, updatedAt: string } }> } };

export type UpdatePersonPhotoMutationVariables = Exact<{
  documentId: Scalars['ID']['input'];
  photo: Scalars['Upload']['input'];
}>;


export type UpdatePersonPhotoMutation = { updatePersonPhoto: { documentId: string, documentType: DocumentType, firstName: string, middleName: string | null, lastName: string, birthDate: string, gender: Gender, email: string, phone: string, photoUrl: string | null, createdAt: string, updatedAt: string } };

export type CreatePersonMutationVariables = Exact<{
  input: CreatePersonInput;
}>;


export type CreatePersonMutation = { createPerson: { documentId: string, documentType: DocumentType, firstName: string, middleName: string | null, lastName: string, birthDate: string, gender: Gender, email: string, phone: string, photoUrl: string | null, createdAt: string, updatedAt: string } };

export type DeletePersonMutationVariables = Exact<{
  documentId: Scalars['ID']['input'];
}>;


export type DeletePersonMutation = { deletePerson: { documentId: string, documentType: DocumentType, firstName: string, middleName: string | null, lastName: string, birthDate: string, gender: Gender, email: string, phone: string, photoUrl: string | null, createdAt: string, updatedAt: string } };
