import fc from 'fast-check';
import { ErrorCode, createPersonInputSchema, todayUtc, validate } from '@people/domain';
import { restCreatePersonSchema, restUpdatePersonSchema } from '../restSchemas';
import { invalidFieldTypes, thrownBy } from '@people/testing';

const restPerson = {
  document_type: 'Cédula',
  document_id: '1234567890',
  first_name: 'Ana',
  middle_name: '',
  last_name: 'García',
  birth_date: '17-05-1990',
  gender: 'No binario',
  email: 'ana@example.com',
  phone: '3001234567',
};

function invalidFields(schema: Parameters<typeof validate>[0], input: unknown): Record<string, string> {
  return invalidFieldTypes(() => validate(schema, input));
}

describe('the REST person schema', () => {
  it('maps a valid body to the domain, reading the older date format', () => {
    expect(validate(restCreatePersonSchema, restPerson)).toEqual({
      documentType: 'CEDULA',
      documentId: '1234567890',
      firstName: 'Ana',
      middleName: null,
      lastName: 'García',
      birthDate: '1990-05-17',
      gender: 'NO_BINARIO',
      email: 'ana@example.com',
      phone: '3001234567',
    });
  });

  it('ignores the fields the server sets, so a read record can be sent back', () => {
    const echoed = { ...restPerson, photo_url: 'https://example.com/photo.jpg', created_at: 'x', updated_at: 'y' };
    expect(validate(restCreatePersonSchema, echoed)).not.toHaveProperty('photo_url');
  });

  it('reports every invalid field once, with its REST name', () => {
    expect(
      invalidFields(restCreatePersonSchema, {
        ...restPerson,
        document_type: 'Pasaporte',
        document_id: '12345678901',
        first_name: '123',
        last_name: '',
        birth_date: '31-02-2000',
        gender: 'masculino',
        email: 'a@b',
        phone: 300,
        nickname: 'x',
      }),
    ).toEqual({
      document_type: 'enum',
      document_id: 'string_pattern_mismatch',
      first_name: 'value_error',
      last_name: 'string_too_short',
      birth_date: 'date_parsing',
      gender: 'enum',
      email: 'string_pattern_mismatch',
      phone: 'string_type',
      nickname: 'extra_forbidden',
    });
  });

  it('names missing fields and refuses operator objects and non-objects', () => {
    expect(invalidFields(restCreatePersonSchema, { first_name: { $gt: '' } })).toMatchObject({
      first_name: 'string_type',
      document_id: 'missing',
    });
    expect(invalidFields(restCreatePersonSchema, [restPerson])).toEqual({ body: 'object_type' });
    expect(invalidFields(restCreatePersonSchema, null)).toEqual({ body: 'object_type' });
  });

  it('refuses dates in the future and names over their limits', () => {
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    expect(invalidFields(restCreatePersonSchema, { ...restPerson, birth_date: tomorrow })).toEqual({
      birth_date: 'date_future',
    });
    expect(invalidFields(restCreatePersonSchema, { ...restPerson, first_name: 'a'.repeat(31) })).toEqual({
      first_name: 'string_too_long',
    });
    expect(validate(restCreatePersonSchema, { ...restPerson, birth_date: todayUtc() }).birthDate).toBe(todayUtc());
  });

  it('accepts partial updates and takes "" as clearing the middle name', () => {
    expect(validate(restUpdatePersonSchema, { middle_name: '' }).changes).toMatchObject({ middleName: null });
    expect(validate(restUpdatePersonSchema, { email: 'b@example.org' }).changes.email).toBe('b@example.org');
    expect(invalidFields(restUpdatePersonSchema, { first_name: null })).toEqual({ first_name: 'string_type' });
  });

  it('never throws anything but BAD_USER_INPUT, whatever JSON it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = restCreatePersonSchema.safeParse(value);
        if (!result.success)
          expect(thrownBy(() => validate(restCreatePersonSchema, value))).toMatchObject({
            code: ErrorCode.BadUserInput,
          });
      }),
      { numRuns: 300 },
    );
  });
});

describe('text hygiene', () => {
  const gqlPerson = {
    documentType: 'CEDULA',
    documentId: '1',
    firstName: 'Ana',
    lastName: 'Ruiz',
    birthDate: '1990-01-01',
    gender: 'FEMENINO',
    email: 'x@example.com',
    phone: '3001234567',
  };

  it.each([
    ['a NUL', 'An\u0000a'],
    ['a newline', 'Ana\nMaría'],
    ['a bell (other control character)', 'Ana\u0007'],
    ['a right-to-left override', 'Ana\u202Egnp.exe'],
    ['a left-to-right isolate', '\u2066Ana'],
    ['a zero-width space', 'A\u200Bna'],
    ['a zero-width joiner', 'Ana\u200D'],
    ['a byte-order mark', '\uFEFFAna'],
    ['a lone high surrogate', 'Ana\uD800'],
    ['a lone low surrogate', '\uDC00Ana'],
    ['only zero-width characters', '\u200B\u200C\u200D'],
    ['only a soft hyphen', '\u00AD'],
  ])('refuses a name with %s', (_case, value) => {
    expect(invalidFields(createPersonInputSchema, { ...gqlPerson, firstName: value, lastName: value })).toEqual({
      firstName: 'string_hidden_characters',
      lastName: 'string_hidden_characters',
    });
    expect(invalidFields(restCreatePersonSchema, { ...restPerson, middle_name: value })).toEqual({
      middle_name: 'string_hidden_characters',
    });
  });

  it('refuses hidden characters in an email address', () => {
    expect(invalidFields(createPersonInputSchema, { ...gqlPerson, email: 'a\u0000b@example.com' })).toEqual({
      email: 'string_hidden_characters',
    });
    expect(invalidFields(createPersonInputSchema, { ...gqlPerson, email: 'ab\u200B@example.com' })).toEqual({
      email: 'string_hidden_characters',
    });
  });

  it('stores names in NFC, whichever form they came in', () => {
    const decomposed = 'Jose\u0301 Mun\u0303oz';
    const stored = validate(createPersonInputSchema, { ...gqlPerson, firstName: decomposed, lastName: decomposed });
    expect(stored.firstName).toBe('Jos\u00E9 Mu\u00F1oz');
    expect(stored.lastName).toBe(stored.firstName);
    expect(validate(restCreatePersonSchema, { ...restPerson, middle_name: 'Lu\u0301cia' }).middleName).toBe('Lúcia');
  });

  it('counts digits of every script as digits', () => {
    for (const digits of ['１２３', '٣٤٥', '१२३', '12３']) {
      expect(invalidFields(createPersonInputSchema, { ...gqlPerson, firstName: digits })).toEqual({
        firstName: 'value_error',
      });
    }
    expect(validate(createPersonInputSchema, { ...gqlPerson, firstName: 'Ana ２' }).firstName).toBe('Ana ２');
  });
});
