import { fingerprintOf } from '../idempotency';
import { PERSON_FIELD_NAMES, type NewPerson } from '../personFields';

describe('the Person field registry', () => {
  const person: NewPerson = {
    documentType: 'CEDULA',
    documentId: '12',
    firstName: 'Ana',
    lastName: 'G',
    birthDate: '1990-05-17',
    gender: 'FEMENINO',
    email: 'a@b.co',
    phone: '3001234567',
  };

  // Stored idempotency keys carry these digests: a retry after an upgrade must still match them.
  it('keeps the idempotency fingerprints of the keys already stored', () => {
    expect(fingerprintOf(person)).toBe('72xAq_FZ6jysaEX3qM8OaqSKRQa3EwDcUc12VnkB8Rc');
    expect(fingerprintOf({ ...person, middleName: null })).toBe('72xAq_FZ6jysaEX3qM8OaqSKRQa3EwDcUc12VnkB8Rc');
    expect(fingerprintOf({ ...person, middleName: 'X' })).toBe('PMbC89qFGkTy15glQTGXCPYnZ5xPcJeCnUxHPbm4UoA');
  });

  it('lists the fields the first fingerprints were made of first, in their order', () => {
    expect(PERSON_FIELD_NAMES.slice(0, 9)).toEqual([
      'documentType',
      'documentId',
      'firstName',
      'middleName',
      'lastName',
      'birthDate',
      'gender',
      'email',
      'phone',
    ]);
  });
});
