import { documentIdRule, personTypeResolvers, validate } from '@people/shared';
import type { Resolvers } from './__generated__/resolvers-types';

export const resolvers: Resolvers = {
  ...personTypeResolvers,
  Mutation: {
    deletePerson: (_parent, { documentId }, { dao }) => dao.delete(validate(documentIdRule, documentId)),
  },
};
