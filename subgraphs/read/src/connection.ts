import type { PeopleFilter, Person } from '@people/domain';
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

/** An edge: its cursor is encoded from the person only when a client selects it. */
export interface PersonEdgeSource {
  node: Person;
}
