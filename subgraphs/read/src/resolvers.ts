import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PeopleError, TRUSTED_PAGE_SIZE, validDocumentId } from '@people/domain';
import { encodeCursor } from '@people/store';
import { personTypeResolvers } from '@people/subgraph-kit';
import type { Resolvers } from './__generated__/resolvers-types';

/** Up to MAX_PAGE_SIZE, or TRUSTED_PAGE_SIZE on the calls the gateway marks as the bridge's own. */
function pageSize(first: number | null | undefined, trustedPage: boolean): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  const max = trustedPage ? TRUSTED_PAGE_SIZE : MAX_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw PeopleError.invalidInput([{ field: 'first', message: `Must be 1 to ${max}`, type: 'value_error' }]);
  }
  return size;
}

export const resolvers: Resolvers = {
  ...personTypeResolvers,
  Query: {
    person: (_parent, { documentId }, { people }) => people.load(validDocumentId(documentId)),
    people: async (_parent, { first, after, filter }, { dao, trustedPage }) => {
      const peopleFilter = {
        ...(filter?.documentType ? { documentType: filter.documentType } : {}),
        ...(filter?.gender ? { gender: filter.gender } : {}),
      };
      const page = await dao.page({ first: pageSize(first, trustedPage), after, filter: peopleFilter });
      return { page, filter: peopleFilter, after };
    },
  },
  PersonConnection: {
    edges: ({ page }) => page.people.map((node) => ({ node })),
    pageInfo: (connection) => connection,
    totalCount: ({ filter }, _args, { dao }) => dao.count(filter),
  },
  // Encoded only when asked for: the bridge's list reads pageInfo.endCursor alone.
  PersonEdge: {
    cursor: ({ node }) => encodeCursor(node.documentId),
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
