import { nextCursorAtStart } from '../people.service';

describe("the next page's cursor read from the head of a ListPeople answer", () => {
  it.each([
    [
      'a page with more after it',
      '{"data":{"people":{"pageInfo":{"hasNextPage":true,"endCursor":"MTIz"},"edges":[{"no',
      'MTIz',
    ],
    ['the last page', '{"data":{"people":{"pageInfo":{"hasNextPage":false,"endCursor":"MTIz"},"edges":[', null],
    ['an empty last page', '{"data":{"people":{"pageInfo":{"hasNextPage":false,"endCursor":null},"edges":[]}}}', null],
    [
      'a cursor with escapes',
      '{"data":{"people":{"pageInfo":{"hasNextPage":true,"endCursor":"a\\"b\\\\c"},"edges"',
      'a"b\\c',
    ],
  ])('reads %s', (_name, head, cursor) => {
    expect(nextCursorAtStart(head)).toBe(cursor);
  });

  it.each([
    ['an answer with errors (they come first)', '{"errors":[{"message":"x"}],"data":null}'],
    ['a head cut before the cursor ends', '{"data":{"people":{"pageInfo":{"hasNextPage":true,"endCursor":"MT'],
    ['fields in another order', '{"data":{"people":{"edges":[],"pageInfo":{"hasNextPage":false,"endCursor":null}}}}'],
    ['an invalid escape', '{"data":{"people":{"pageInfo":{"hasNextPage":true,"endCursor":"\\q"},"edges":['],
  ])('says nothing for %s: the whole answer decides', (_name, head) => {
    expect(nextCursorAtStart(head)).toBeUndefined();
  });
});
