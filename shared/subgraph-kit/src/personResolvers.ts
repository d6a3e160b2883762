import type { Person } from '@people/domain';
import { validDocumentId } from '@people/domain';
import type { SubgraphContext } from './context';
import { DateScalar, DateTimeScalar } from './scalars';

/**
 * The resolvers of the shared Person type (shared/subgraph-kit/schema/person.graphql), the same in every
 * subgraph: the entity reference goes through the request's batching loader. A reference comes
 * from the gateway, or from anyone who reaches a subgraph: its key is checked like an argument.
 */
export const personTypeResolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Person: {
    __resolveReference(reference: { documentId: unknown }, context: SubgraphContext): Promise<Person | null> {
      return context.people.load(validDocumentId(reference.documentId));
    },
    photoUrl(person: Person): string | null {
      return person.photo?.url ?? null;
    },
  },
};
