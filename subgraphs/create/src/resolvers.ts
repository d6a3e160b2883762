import { createPersonInputSchema, personTypeResolvers, validate } from '@people/shared';
import type { Resolvers } from './__generated__/resolvers-types';

export const resolvers: Resolvers = {
  ...personTypeResolvers,
  Mutation: {
    createPerson: (_parent, { input }, { dao }) => dao.create(validate(createPersonInputSchema, input)),
  },
};
