import { GraphQLUpload } from 'graphql-upload-minimal';
import {
  documentIdRule,
  personTypeResolvers,
  replacePhoto,
  updatePersonInputSchema,
  uploadStream,
  validate,
} from '@people/shared';
import type { Resolvers } from './__generated__/resolvers-types';

export const resolvers: Resolvers = {
  ...personTypeResolvers,
  Upload: GraphQLUpload,
  Mutation: {
    updatePerson: (_parent, { documentId, input }, { dao }) =>
      dao.update(validate(documentIdRule, documentId), validate(updatePersonInputSchema, input)),
    updatePersonPhoto: async (_parent, { documentId, photo }, context) =>
      replacePhoto(context, validate(documentIdRule, documentId), await uploadStream(photo)),
  },
};
