import { documentIdRule, personTypeResolvers, updatePersonInputSchema, validate } from '@people/shared';
import type { Resolvers } from './__generated__/resolvers-types';

export const resolvers: Resolvers = {
  ...personTypeResolvers,
  Mutation: {
    updatePerson: (_parent, { documentId, input }, { dao }) =>
      dao.update(validate(documentIdRule, documentId), validate(updatePersonInputSchema, input)),
  },
};
