import { deletePersonWithPhoto, personTypeResolvers, validDocumentId } from '@people/shared';
import type { Resolvers } from './__generated__/resolvers-types';

export const resolvers: Resolvers = {
  ...personTypeResolvers,
  Mutation: {
    deletePerson: (_parent, { documentId }, context) => deletePersonWithPhoto(context, validDocumentId(documentId)),
  },
};
