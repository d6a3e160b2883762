import { createPersonInputSchema, readIdempotencyKey, validate } from '@people/domain';
import { personTypeResolvers } from '@people/subgraph-kit';
import type { Resolvers } from './__generated__/resolvers-types';

export const resolvers: Resolvers = {
  ...personTypeResolvers,
  Mutation: {
    createPerson: (_parent, { input }, { dao, idempotencyKey }) => {
      const options = { idempotencyKey: readIdempotencyKey(idempotencyKey) };
      return dao.create(validate(createPersonInputSchema, input), options);
    },
  },
};
