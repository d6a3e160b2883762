import type { Person } from '../domain/person';
import type { SubgraphContext } from './context';
import { DateScalar, DateTimeScalar } from './scalars';

/**
 * The resolvers of the shared Person type (shared/schema/person.graphql), the same in every
 * subgraph: the entity reference goes through the request's batching loader.
 */
export const personTypeResolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Person: {
    __resolveReference(reference: { documentId: string }, context: SubgraphContext): Promise<Person | null> {
      return context.people.load(reference.documentId);
    },
    photoUrl(person: Person): string | null {
      return person.photo?.url ?? null;
    },
  },
};
