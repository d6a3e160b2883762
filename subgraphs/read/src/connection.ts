import type { PeopleFilter } from '@people/domain';
import type { PersonPage } from '@people/store';

/**
 * What `people` resolves to: one page, the filter and the cursor it started after, so that
 * `totalCount` and `pageInfo.hasPreviousPage` ask the store only when a client asks for them.
 */
export interface PersonConnectionSource {
  page: PersonPage;
  filter: PeopleFilter;
  after?: string | null;
}
