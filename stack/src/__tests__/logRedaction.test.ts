import { closeClientAgent, restPerson, send, sendJson } from '../../../rest-bridge/src/__tests__/support/client';
import { graphql, startTestStack, type TestStack } from './support/testStack';

/** Values that must never reach a log line, in any service, whatever happens to the request. */
const SECRET = {
  documentId: '7654321098',
  otherDocumentId: '5550001234',
  firstName: 'Zoraida',
  middleName: 'Eufemia',
  lastName: 'Quintanilla',
  newLastName: 'Villalobos',
  email: 'zoraida.secreta@example.org',
  newEmail: 'zq.privado@example.net',
  phone: '3109876543',
  birth: '21-03-1987',
  birthIso: '1987-03-21',
};

describe('no personal data in logs', () => {
  const lines: string[] = [];
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ logLevel: 'trace', logDestination: { write: (line: string) => lines.push(line) } });
  });

  afterAll(async () => {
    closeClientAgent();
    await stack.close();
  });

  it('keeps names, emails, phones, birth dates and document ids out of every line of real requests', async () => {
    const person = restPerson(SECRET.documentId, {
      first_name: SECRET.firstName,
      middle_name: SECRET.middleName,
      last_name: SECRET.lastName,
      email: SECRET.email,
      phone: SECRET.phone,
      birth_date: SECRET.birth,
    });
    const bridge = stack.urls.bridge;
    expect((await sendJson(bridge.create, 'POST', '/', person)).status).toBe(201);
    // A conflict, an invalid body and a malformed one: error paths log too.
    expect((await sendJson(bridge.create, 'POST', '/', person)).status).toBe(409);
    expect((await sendJson(bridge.create, 'POST', '/', { ...person, email: `${SECRET.email}@@` })).status).toBe(422);
    const malformed = await send(bridge.create, {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/json' },
      body: `{"email": "${SECRET.email}", "phone": ${SECRET.phone}`,
    });
    expect(malformed.status).toBe(400);
    expect((await send(bridge.read, { method: 'GET', path: `/${SECRET.documentId}` })).status).toBe(200);
    expect((await send(bridge.read, { method: 'GET', path: `/detail?doc_id=${SECRET.documentId}` })).status).toBe(200);
    expect((await send(bridge.read, { method: 'GET', path: '/' })).status).toBe(200);
    const patch = { last_name: SECRET.newLastName, email: SECRET.newEmail };
    expect((await sendJson(bridge.update, 'PATCH', `/${SECRET.documentId}`, patch)).status).toBe(200);
    expect((await send(bridge.read, { method: 'GET', path: `/${SECRET.otherDocumentId}` })).status).toBe(404);
    const created = await graphql(
      stack.urls.gateway,
      'mutation C($input: CreatePersonInput!) { createPerson(input: $input) { documentId email } }',
      {
        input: {
          documentType: 'CEDULA',
          documentId: SECRET.otherDocumentId,
          firstName: SECRET.firstName,
          lastName: SECRET.lastName,
          birthDate: SECRET.birthIso,
          gender: 'FEMENINO',
          email: SECRET.email,
          phone: SECRET.phone,
        },
      },
    );
    expect(created.body.errors).toBeUndefined();
    expect((await send(bridge.delete, { method: 'DELETE', path: `/${SECRET.documentId}` })).status).toBe(200);

    const log = lines.join('');
    expect(lines.filter((line) => line.includes('"msg":"request"')).length).toBeGreaterThanOrEqual(20);
    for (const [name, value] of Object.entries(SECRET)) {
      expect({ name, found: log.includes(value) }).toEqual({ name, found: false });
    }
  });

  it('masks document ids of one and two digits in access-log paths too, percent-encoded or not', async () => {
    const from = lines.length;
    const bridge = stack.urls.bridge;
    expect((await sendJson(bridge.create, 'POST', '/', restPerson('7'))).status).toBe(201);
    expect((await sendJson(bridge.create, 'POST', '/', restPerson('42'))).status).toBe(201);
    expect((await send(bridge.read, { method: 'GET', path: '/7' })).status).toBe(200);
    expect((await send(bridge.read, { method: 'GET', path: '/%34%32' })).status).toBe(200);
    expect((await send(bridge.read, { method: 'GET', path: '/detail?doc_id=42&doc_type=C%C3%A9dula' })).status).toBe(
      200,
    );
    expect((await sendJson(bridge.update, 'PATCH', '/42', { first_name: 'Eva' })).status).toBe(200);
    expect((await send(bridge.update, { method: 'PATCH', path: '/image?doc_id=7' })).status).toBeGreaterThanOrEqual(
      400,
    );
    expect((await send(bridge.delete, { method: 'DELETE', path: '/?doc_id=7' })).status).toBe(200);
    expect((await send(bridge.delete, { method: 'DELETE', path: '/42' })).status).toBe(200);
    const paths = lines
      .slice(from)
      .map((line) => JSON.parse(line) as { msg: string; path?: string })
      .filter((entry) => entry.msg === 'request')
      .map((entry) => entry.path ?? '');
    expect(paths.length).toBeGreaterThanOrEqual(9);
    expect(paths.filter((path) => /\d|\?/.test(path))).toEqual([]);
    expect(paths).toContain('/{id}');
  });
});
