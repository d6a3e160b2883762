import { validDocumentId } from '@people/domain';
import { deletePersonWithPhoto } from '@people/store';
import { personTypeResolvers } from '@people/subgraph-kit';
import type { Resolvers } from './__generated__/resolvers-types';

export const resolvers: Resolvers = {
  ...personTypeResolvers,
  Mutation: {
    deletePerson: (_parent, { documentId }, context) => deletePersonWithPhoto(context, validDocumentId(documentId)),
  },
};
