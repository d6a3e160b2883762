import { GraphQLUpload } from 'graphql-upload-minimal';
import { updatePersonInputSchema, validDocumentId, validate } from '@people/domain';
import { replacePhoto } from '@people/store';
import { personTypeResolvers, uploadStream } from '@people/subgraph-kit';
import type { Resolvers } from './__generated__/resolvers-types';

export const resolvers: Resolvers = {
  ...personTypeResolvers,
  Upload: GraphQLUpload,
  Mutation: {
    updatePerson: (_parent, { documentId, input }, { dao }) =>
      dao.update(validDocumentId(documentId), validate(updatePersonInputSchema, input)),
    updatePersonPhoto: async (_parent, { documentId, photo }, context) =>
      replacePhoto(context, validDocumentId(documentId), await uploadStream(photo)),
  },
};
