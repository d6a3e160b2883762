import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, validDocumentId, PeopleError } from '@people/domain';
import { encodeCursor } from '@people/store';
import { personTypeResolvers } from '@people/subgraph-kit';
import type { Resolvers } from './__generated__/resolvers-types';

function pageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw PeopleError.invalidInput([{ field: 'first', message: `Must be 1 to ${MAX_PAGE_SIZE}`, type: 'value_error' }]);
  }
  return size;
}

export const resolvers: Resolvers = {
  ...personTypeResolvers,
  Query: {
    person: (_parent, { documentId }, { people }) => people.load(validDocumentId(documentId)),
    people: async (_parent, { first, after, filter }, { dao }) => {
      const peopleFilter = {
        ...(filter?.documentType ? { documentType: filter.documentType } : {}),
        ...(filter?.gender ? { gender: filter.gender } : {}),
      };
      const page = await dao.page({ first: pageSize(first), after, filter: peopleFilter });
      return { page, filter: peopleFilter, after };
    },
  },
  PersonConnection: {
    edges: ({ page }) => page.people.map((node) => ({ cursor: encodeCursor(node.documentId), node })),
    pageInfo: (connection) => connection,
    totalCount: ({ filter }, _args, { dao }) => dao.count(filter),
  },
  PageInfo: {
    hasNextPage: ({ page }) => page.hasNextPage,
    hasPreviousPage: ({ after, filter }, _args, { dao }) => (after ? dao.hasPeopleBefore(after, filter) : false),
    startCursor: ({ page }) => {
      const first = page.people[0];
      return first ? encodeCursor(first.documentId) : null;
    },
    endCursor: ({ page }) => page.endCursor,
  },
};
