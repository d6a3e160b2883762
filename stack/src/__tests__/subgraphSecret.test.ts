import { SUBGRAPH_SECRET_HEADER } from '@people/shared';
import { graphql, personInput, startTestStack, type TestStack } from './support/testStack';

const SECRET = 'subgraph-secret-for-tests-0123456789';
const CREATE = `mutation Create($input: CreatePersonInput!) { createPerson(input: $input) { documentId firstName } }`;

describe('subgraphs that trust only the gateway (SUBGRAPH_SHARED_SECRET)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: { sharedSecret: SECRET }, gateway: { subgraphSecret: SECRET } });
  });

  afterAll(async () => {
    await stack.close();
  });

  it('refuses a direct call without the secret, or with a wrong one, with 401', async () => {
    const direct = await graphql(stack.urls.subgraphs.read, '{ person(documentId: "1") { documentId } }');
    expect(direct.status).toBe(401);
    expect(direct.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const wrong = await graphql(
      stack.urls.subgraphs.create,
      CREATE,
      { input: personInput('8001') },
      {
        [SUBGRAPH_SECRET_HEADER]: `${SECRET}x`,
      },
    );
    expect(wrong.status).toBe(401);
    const sameLengthWrong = await graphql(
      stack.urls.subgraphs.create,
      CREATE,
      { input: personInput('8001') },
      {
        [SUBGRAPH_SECRET_HEADER]: SECRET.replace(/.$/, '!'),
      },
    );
    expect(sameLengthWrong.status).toBe(401);
  });

  it('answers the gateway, which sends the secret', async () => {
    const created = await graphql(stack.urls.gateway, CREATE, { input: personInput('8001') });
    expect(created.body).toEqual({ data: { createPerson: { documentId: '8001', firstName: 'Ana' } } });
    const withSecret = await graphql(
      stack.urls.subgraphs.read,
      '{ person(documentId: "8001") { documentId } }',
      {},
      { [SUBGRAPH_SECRET_HEADER]: SECRET },
    );
    expect(withSecret.body).toEqual({ data: { person: { documentId: '8001' } } });
  });

  it('keeps health and readiness open', async () => {
    const origin = new URL(stack.urls.subgraphs.delete).origin;
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    expect((await fetch(`${origin}/readyz`)).status).toBe(200);
  });
});

describe('a gateway without the secret in front of subgraphs that require it', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: { sharedSecret: SECRET } });
  });

  afterAll(async () => {
    await stack.close();
  });

  it('gets nothing through, and tells the client the service is unavailable rather than blaming it', async () => {
    const result = await graphql(stack.urls.gateway, CREATE, { input: personInput('8002') });
    expect(result.body.data ?? null).toBeNull();
    expect(result.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
  });
});
