import { parseFlexibleDate } from '../calendarDate';
import { createPersonInputSchema } from '../personSchema';
import { validate } from '../validate';
import { invalidFieldTypes } from '@people/testing';

function invalidFields(schema: Parameters<typeof validate>[0], input: unknown): Record<string, string> {
  return invalidFieldTypes(() => validate(schema, input));
}

describe('the GraphQL input schema', () => {
  it('uses the same rules with camelCase names', () => {
    expect(
      invalidFields(createPersonInputSchema, {
        documentType: 'CEDULA',
        documentId: '1',
        firstName: ' ',
        lastName: 'Ruiz',
        birthDate: '1990-13-01',
        gender: 'FEMENINO',
        email: 'x@example.com',
        phone: '3001234567',
      }),
    ).toEqual({ firstName: 'string_too_short', birthDate: 'date_parsing' });
  });
});

describe('calendar dates', () => {
  it.each([
    ['29-02-2024', '2024-02-29'],
    ['2024-02-29', '2024-02-29'],
    ['29-02-2023', null],
    ['2023-04-31', null],
    ['1990/05/17', null],
    ['0000-01-01', null],
  ])('%s → %s', (input, expected) => {
    expect(parseFlexibleDate(input)).toBe(expected);
  });
});
