import { PERSON_FIELDS, graphql, personInput, startTestStack, type TestStack } from './support/testStack';

const CREATE = `mutation Create($input: CreatePersonInput!) { createPerson(input: $input) { ${PERSON_FIELDS} } }`;
const GET = `query Get($id: ID!) { person(documentId: $id) { ${PERSON_FIELDS} } }`;
const UPDATE = `mutation Update($id: ID!, $input: UpdatePersonInput!) { updatePerson(documentId: $id, input: $input) { ${PERSON_FIELDS} } }`;
const DELETE = `mutation Delete($id: ID!) { deletePerson(documentId: $id) { ${PERSON_FIELDS} } }`;
const PAGE = `query Page($first: Int, $after: String, $filter: PeopleFilter) {
  people(first: $first, after: $after, filter: $filter) {
    totalCount
    edges { cursor node { documentId firstName } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

interface PersonData {
  documentId: string;
  firstName: string;
  middleName: string | null;
  email: string;
  photoUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

describe('the GraphQL API through the gateway', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });

  afterAll(async () => {
    await stack.close();
  });

  it('creates a person and reads it back with every field', async () => {
    const created = await graphql<{ createPerson: PersonData }>(stack.urls.gateway, CREATE, {
      input: personInput('1000000001', { middleName: '  Lucía ' }),
    });
    expect(created.body.errors).toBeUndefined();
    const person = created.body.data?.createPerson;
    expect(person).toMatchObject({
      documentId: '1000000001',
      documentType: 'CEDULA',
      firstName: 'Ana',
      middleName: 'Lucía',
      lastName: 'García',
      birthDate: '1990-05-17',
      gender: 'FEMENINO',
      email: 'ana1000000001@example.com',
      phone: '3001234567',
      photoUrl: null,
    });
    expect(person?.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const read = await graphql<{ person: PersonData }>(stack.urls.gateway, GET, { id: '1000000001' });
    expect(read.body.data?.person).toEqual(person);
  });

  it('answers null for nobody, and BAD_USER_INPUT for an id that cannot exist', async () => {
    const missing = await graphql<{ person: PersonData | null }>(stack.urls.gateway, GET, { id: '42' });
    expect(missing.body).toEqual({ data: { person: null } });
    const bad = await graphql(stack.urls.gateway, GET, { id: 'abc' });
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lists every invalid field with BAD_USER_INPUT and stores nothing', async () => {
    const result = await graphql(stack.urls.gateway, CREATE, {
      input: personInput('1000000002', {
        firstName: '12345',
        lastName: ' ',
        email: 'not-an-email',
        phone: '12',
        birthDate: '2999-01-01',
      }),
    });
    const error = result.body.errors?.[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    const fields = (error?.extensions?.invalidFields as { field: string; message: string }[]).map((f) => f.field);
    expect(fields.sort()).toEqual(['birthDate', 'email', 'firstName', 'lastName', 'phone']);
    const read = await graphql<{ person: unknown }>(stack.urls.gateway, GET, { id: '1000000002' });
    expect(read.body.data?.person).toBeNull();
  });

  it('rejects impossible dates and wrong types before they reach the store', async () => {
    const feb30 = await graphql(stack.urls.gateway, CREATE, {
      input: personInput('1000000003', { birthDate: '2001-02-30' }),
    });
    expect(feb30.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const operator = await graphql(stack.urls.gateway, CREATE, {
      input: personInput('1000000003', { firstName: { $gt: '' } }),
    });
    expect(operator.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await graphql(stack.urls.gateway, CREATE, { input: personInput('1000000003', { admin: true }) });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const read = await graphql<{ person: unknown }>(stack.urls.gateway, GET, { id: '1000000003' });
    expect(read.body.data?.person).toBeNull();
  });

  it('answers CONFLICT for a taken documentId', async () => {
    await graphql(stack.urls.gateway, CREATE, { input: personInput('1000000004') });
    const again = await graphql(stack.urls.gateway, CREATE, { input: personInput('1000000004') });
    expect(again.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(again.body.errors?.[0]?.message).toMatch(/already exists/);
  });

  it('updates only the given fields and moves updatedAt', async () => {
    const created = await graphql<{ createPerson: PersonData }>(stack.urls.gateway, CREATE, {
      input: personInput('1000000005', { middleName: 'Sofía' }),
    });
    const before = created.body.data?.createPerson as PersonData;
    const updated = await graphql<{ updatePerson: PersonData }>(stack.urls.gateway, UPDATE, {
      id: '1000000005',
      input: { email: 'nueva@example.com' },
    });
    expect(updated.body.errors).toBeUndefined();
    const after = updated.body.data?.updatePerson as PersonData;
    expect(after).toEqual({ ...before, email: 'nueva@example.com', updatedAt: after.updatedAt });
    expect(after.updatedAt > before.updatedAt).toBe(true);
    const cleared = await graphql<{ updatePerson: PersonData }>(stack.urls.gateway, UPDATE, {
      id: '1000000005',
      input: { middleName: null },
    });
    expect(cleared.body.data?.updatePerson.middleName).toBeNull();
  });

  it('answers NOT_FOUND when updating or deleting nobody', async () => {
    const update = await graphql(stack.urls.gateway, UPDATE, { id: '77', input: { firstName: 'X' } });
    expect(update.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // Even in development, a client's mistake comes without a stack trace.
    expect(update.body.errors?.[0]?.extensions).not.toHaveProperty('stacktrace');
    const remove = await graphql(stack.urls.gateway, DELETE, { id: '77' });
    expect(remove.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // Which subgraph answered is not the client's business.
    for (const answer of [update, remove])
      expect(answer.body.errors?.[0]?.extensions).not.toHaveProperty('serviceName');
  });

  it('deletes a person and returns the record as it was', async () => {
    const created = await graphql<{ createPerson: PersonData }>(stack.urls.gateway, CREATE, {
      input: personInput('1000000006'),
    });
    const removed = await graphql<{ deletePerson: PersonData }>(stack.urls.gateway, DELETE, { id: '1000000006' });
    expect(removed.body.data?.deletePerson).toEqual(created.body.data?.createPerson);
    const read = await graphql<{ person: unknown }>(stack.urls.gateway, GET, { id: '1000000006' });
    expect(read.body.data?.person).toBeNull();
  });

  it('pages through people with cursors and a total count', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `20000000${String(i).padStart(2, '0')}`);
    await Promise.all(
      ids.map((id) =>
        graphql(stack.urls.gateway, CREATE, { input: personInput(id, { documentType: 'TARJETA_DE_IDENTIDAD' }) }),
      ),
    );
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let pages = 0; pages < 10; pages += 1) {
      type Page = {
        people: {
          totalCount: number;
          edges: { cursor: string; node: { documentId: string } }[];
          pageInfo: {
            hasNextPage: boolean;
            hasPreviousPage: boolean;
            startCursor: string | null;
            endCursor: string | null;
          };
        };
      };
      const result: { body: { data?: Page | null } } = await graphql<Page>(stack.urls.gateway, PAGE, {
        first: 5,
        after,
        filter: { documentType: 'TARJETA_DE_IDENTIDAD' },
      });
      const page = result.body.data?.people;
      if (!page) throw new Error('no page');
      total = page.totalCount;
      seen.push(...page.edges.map((edge) => edge.node.documentId));
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor);
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(ids);
    expect(total).toBe(12);
  });

  it('refuses pages over 100 and cursors it never issued', async () => {
    const big = await graphql(stack.urls.gateway, PAGE, { first: 101 });
    expect(big.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const forged = await graphql(stack.urls.gateway, PAGE, { first: 5, after: 'forged' });
    expect(forged.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('keeps the client request id and returns it', async () => {
    const result = await graphql(stack.urls.gateway, GET, { id: '1' }, { 'x-request-id': 'trace-abc-123' });
    expect(result.headers.get('x-request-id')).toBe('trace-abc-123');
    const generated = await graphql(stack.urls.gateway, GET, { id: '1' });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers malformed requests with client errors, never a stack trace', async () => {
    const parse = await graphql(stack.urls.gateway, '{ person(documentId: ');
    expect(parse.status).toBe(400);
    expect(parse.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const text = await fetch(stack.urls.gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":',
    });
    expect(text.status).toBe(400);
    const csrf = await fetch(
      `${stack.urls.gateway}?query=${encodeURIComponent('{ person(documentId: "1") { documentId } }')}`,
    );
    expect(csrf.status).toBe(400);
    expect(await csrf.text()).toMatch(/CSRF|preflight/i);
  });

  it('serves health and readiness', async () => {
    const origin = new URL(stack.urls.gateway).origin;
    await expect(fetch(`${origin}/healthz`).then((r) => r.status)).resolves.toBe(200);
    await expect(fetch(`${origin}/readyz`).then((r) => r.json())).resolves.toEqual({ status: 'ready' });
  });
});

describe('the gateway in production mode', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ production: true });
  });

  afterAll(async () => {
    await stack.close();
  });

  it('has introspection off and shows no stack traces', async () => {
    const introspection = await graphql(stack.urls.gateway, '{ __schema { types { name } } }');
    expect(introspection.body.errors?.[0]?.message).toMatch(/introspection/i);
    const bad = await graphql(stack.urls.gateway, CREATE, { input: personInput('x') });
    expect(JSON.stringify(bad.body)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(bad.body)).not.toMatch(/serviceName/);
  });
});
