import type { PeopleFilter, PersonPage } from '@people/shared';

/** What `people` resolves to: one page, and the filter so `totalCount` is counted only when asked. */
export interface PersonConnectionSource {
  page: PersonPage;
  filter: PeopleFilter;
}
