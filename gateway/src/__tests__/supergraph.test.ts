import { composeSupergraph, readSupergraph } from '../supergraph/compose';

describe('the checked-in supergraph', () => {
  it('is what the four subgraph schemas compose to (run `npm run compose` after changing a schema)', () => {
    expect(readSupergraph()).toBe(composeSupergraph());
  });
});
