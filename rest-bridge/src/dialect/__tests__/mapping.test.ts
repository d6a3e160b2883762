import { restCreatePersonSchema, restUpdatePersonSchema } from '../restSchemas';
import {
  restFieldName,
  restPersonSchema,
  toRestPerson,
  toRestValidationDetail,
  toUpdatePersonInput,
  type GraphQLPerson,
} from '..';

const graphPerson: GraphQLPerson = {
  documentId: '42',
  documentType: 'TARJETA_DE_IDENTIDAD',
  firstName: 'Ana',
  middleName: null,
  lastName: 'García',
  birthDate: '2010-02-28',
  gender: 'NO_BINARIO',
  email: 'ana@example.com',
  phone: '3001234567',
  photoUrl: null,
  createdAt: '2026-01-02T03:04:05.000Z',
  updatedAt: '2026-01-02T03:04:06.000Z',
};

describe('GraphQL ⇄ REST mapping', () => {
  it('turns a graph person into the REST shape: snake_case, Spanish labels, "" and the placeholder', () => {
    const rest = toRestPerson(graphPerson, 'https://cdn.example/none.png');
    expect(rest).toEqual({
      document_type: 'Tarjeta de identidad',
      document_id: '42',
      first_name: 'Ana',
      middle_name: '',
      last_name: 'García',
      birth_date: '2010-02-28',
      gender: 'No binario',
      email: 'ana@example.com',
      phone: '3001234567',
      photo_url: 'https://cdn.example/none.png',
      created_at: '2026-01-02T03:04:05.000Z',
      updated_at: '2026-01-02T03:04:06.000Z',
    });
    expect(restPersonSchema.safeParse(rest).success).toBe(true);
    expect(toRestPerson({ ...graphPerson, middleName: 'Luz', photoUrl: 'https://p.example/1.png' })).toMatchObject({
      middle_name: 'Luz',
      photo_url: 'https://p.example/1.png',
    });
  });

  it('turns validated REST input into graph input, dropping what was not sent', () => {
    const created = restCreatePersonSchema.parse({
      document_type: 'Cédula',
      document_id: '42',
      first_name: 'Ana',
      last_name: 'García',
      birth_date: '28-02-2010',
      gender: 'Femenino',
      email: 'ana@example.com',
      phone: '3001234567',
    });
    expect(created).toEqual({
      documentType: 'CEDULA',
      documentId: '42',
      firstName: 'Ana',
      middleName: null,
      lastName: 'García',
      birthDate: '2010-02-28',
      gender: 'FEMENINO',
      email: 'ana@example.com',
      phone: '3001234567',
    });
    const { changes } = restUpdatePersonSchema.parse({ email: 'b@example.com', middle_name: '' });
    expect(toUpdatePersonInput(changes)).toEqual({ email: 'b@example.com', middleName: null });
  });

  it('names the graph fields of errors as REST does, in FastAPI detail entries', () => {
    expect(restFieldName('firstName')).toBe('first_name');
    expect(restFieldName('documentType')).toBe('document_type');
    expect(restFieldName('photo')).toBe('file');
    expect(restFieldName('first')).toBe('limit');
    expect(restFieldName('somethingNew')).toBe('something_new');
    expect(
      toRestValidationDetail(
        [
          { field: 'birthDate', message: 'Must not be in the future', type: 'date_future' },
          { field: 'body', message: 'Must be a JSON object', type: 'object_type' },
        ],
        'body',
        true,
      ),
    ).toEqual([
      { loc: ['body', 'birth_date'], msg: 'Must not be in the future', type: 'date_future' },
      { loc: ['body'], msg: 'Must be a JSON object', type: 'object_type' },
    ]);
    expect(toRestValidationDetail([{ field: 'doc_id', message: 'Bad', type: 'x' }], 'query')).toEqual([
      { loc: ['query', 'doc_id'], msg: 'Bad', type: 'x' },
    ]);
  });
});
