import { ANONYMOUS_OPERATION, OTHER_OPERATION, operationNameLabels } from '../labels';

describe('operation name labels', () => {
  it('keeps well-formed names up to the bound and collapses the rest to one value', () => {
    const label = operationNameLabels(3);
    expect(['GetPerson', 'CreatePerson', 'ListPeople'].map(label)).toEqual(['GetPerson', 'CreatePerson', 'ListPeople']);
    expect(label('Fourth')).toBe(OTHER_OPERATION);
    // A name already kept stays itself after the bound is reached.
    expect(label('GetPerson')).toBe('GetPerson');
  });

  it('never makes a label of a malformed name, and names a nameless operation anonymous', () => {
    const label = operationNameLabels();
    expect(label('1020304050')).toBe(OTHER_OPERATION);
    expect(label('x'.repeat(101))).toBe(OTHER_OPERATION);
    expect(label('bad name"}')).toBe(OTHER_OPERATION);
    expect(label(undefined)).toBe(ANONYMOUS_OPERATION);
    expect(label(null)).toBe(ANONYMOUS_OPERATION);
    expect(label('')).toBe(ANONYMOUS_OPERATION);
  });
});
