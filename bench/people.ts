import { type NewPerson } from '@people/domain';
import { GRAPHQL_PERSON_FIELDS } from '@people/rest-bridge';

/** Seeded people have ids 1000000000 + n; people the benchmark creates start far above. */
export const SEED_ID_BASE = 1_000_000_000;
export const CREATE_ID_BASE = 5_000_000_000;

export function seededId(n: number): string {
  return String(SEED_ID_BASE + n);
}

/** The n-th seeded person, as the DAO holds it. */
export function benchPerson(n: number): NewPerson {
  return {
    documentType: n % 3 === 0 ? 'TARJETA_DE_IDENTIDAD' : 'CEDULA',
    documentId: seededId(n),
    firstName: 'Ana',
    middleName: n % 2 === 0 ? 'Lucía' : null,
    lastName: 'García',
    birthDate: '1990-05-17',
    gender: n % 2 === 0 ? 'FEMENINO' : 'MASCULINO',
    email: `ana.${n}@example.com`,
    phone: '3001234567',
  };
}

/** A body for the REST bridge's create (`POST /`) for the given document id. */
export function restCreateBody(documentId: string): string {
  return JSON.stringify({
    document_type: 'Cédula',
    document_id: documentId,
    first_name: 'Ana',
    middle_name: 'Lucía',
    last_name: 'García',
    birth_date: '1990-05-17',
    gender: 'Femenino',
    email: `ana.${documentId}@example.com`,
    phone: '3001234567',
  });
}

/** Scenario 1's query: one person by id, every field. */
export const PERSON_QUERY = `query Get($id: ID!) { person(documentId: $id) { ${GRAPHQL_PERSON_FIELDS} } }`;

export function personQueryBody(documentId: string): string {
  return JSON.stringify({ operationName: 'Get', query: PERSON_QUERY, variables: { id: documentId } });
}

/** A 1×1 PNG: the smallest photo the upload path accepts (judged by its bytes). */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
