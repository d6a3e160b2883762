import { loadGatewayConfig } from '../config';
import {
  PERSON_FIELDS,
  graphql,
  personInput,
  startTestStack,
  type TestStack,
} from '../../../stack/src/__tests__/support/testStack';

const LIMITS = {
  maxDepth: 3,
  maxAliases: 2,
  maxTokens: 60,
  maxDirectives: 2,
  maxCost: 13,
  blockFieldSuggestions: true,
};

function expectRejected(result: Awaited<ReturnType<typeof graphql>>, message: RegExp): void {
  expect(result.status).toBe(400);
  expect(result.body.data ?? null).toBeNull();
  expect(result.body.errors?.[0]?.extensions?.code).toMatch(/^GRAPHQL_(VALIDATION|PARSE)_FAILED$/);
  expect(result.body.errors?.[0]?.message).toMatch(message);
}

describe('operation limits at the gateway', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ gateway: { limits: LIMITS, bodyLimit: '2kb' } });
  });

  afterAll(async () => {
    await stack.close();
  });

  it('lets an operation within every limit through', async () => {
    const result = await graphql(stack.urls.gateway, '{ person(documentId: "1") { documentId } }');
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ data: { person: null } });
  });

  it('refuses an operation nested deeper than GATEWAY_MAX_DEPTH', async () => {
    const result = await graphql(stack.urls.gateway, '{ people(first: 1) { edges { node { documentId } } } }');
    expectRejected(result, /depth limit of 3/i);
  });

  it('refuses more aliases than GATEWAY_MAX_ALIASES', async () => {
    const result = await graphql(
      stack.urls.gateway,
      '{ a: person(documentId: "1") { documentId } b: person(documentId: "2") { documentId } c: person(documentId: "3") { documentId } }',
    );
    expectRejected(result, /aliases limit of 2/i);
  });

  it('refuses more directives than GATEWAY_MAX_DIRECTIVES', async () => {
    const result = await graphql(
      stack.urls.gateway,
      '{ person(documentId: "1") { documentId @include(if: true) @skip(if: false) @include(if: true) } }',
    );
    expectRejected(result, /directives limit of 2/i);
  });

  it('refuses more tokens than GATEWAY_MAX_TOKENS', async () => {
    const fields = Array.from({ length: 60 }, () => 'documentId').join(' ');
    const result = await graphql(stack.urls.gateway, `{ person(documentId: "1") { ${fields} } }`);
    expectRejected(result, /60 tokens/i);
  });

  it('refuses an operation that costs more than GATEWAY_MAX_COST', async () => {
    const result = await graphql(
      stack.urls.gateway,
      '{ person(documentId: "1") { documentId firstName middleName lastName birthDate gender email phone photoUrl createdAt updatedAt documentType } }',
    );
    expectRejected(result, /cost limit of 13/i);
  });

  it('judges an operation the same each time it is sent', async () => {
    const costly =
      '{ person(documentId: "1") { documentId firstName middleName lastName birthDate gender email phone photoUrl createdAt updatedAt documentType } }';
    for (let round = 0; round < 3; round += 1) {
      expectRejected(await graphql(stack.urls.gateway, costly), /cost limit of 13/i);
      const cheap = await graphql(stack.urls.gateway, 'query ($id: ID!) { person(documentId: $id) { documentId } }', {
        id: String(round),
      });
      expect(cheap.status).toBe(200);
      expect(cheap.body).toEqual({ data: { person: null } });
    }
  });

  it('refuses a body larger than GATEWAY_BODY_LIMIT with 413 PAYLOAD_TOO_LARGE', async () => {
    const result = await graphql(stack.urls.gateway, '{ person(documentId: $id) { documentId } }', {
      id: 'x'.repeat(4096),
    });
    expect(result.status).toBe(413);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('hides field suggestions when told to', async () => {
    const result = await graphql(stack.urls.gateway, '{ person(documentId: "1") { documentI } }');
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.message).toMatch(/Cannot query field "documentI"/);
    expect(result.body.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('hides enum value suggestions too, written in the document or passed as a variable', async () => {
    const literal = await graphql(stack.urls.gateway, '{ people(filter: { documentType: CEDUL }) { totalCount } }');
    expect(literal.status).toBe(400);
    expect(literal.body.errors?.[0]?.message).toMatch(/Value "CEDUL" does not exist in "DocumentType" enum\.$/);
    const variable = await graphql(
      stack.urls.gateway,
      'mutation ($input: CreatePersonInput!) { createPerson(input: $input) { documentId } }',
      { input: personInput('9001', { documentType: 'CEDUL', firstNam: 'Ana' }) },
    );
    expect(variable.status).toBe(400);
    expect(variable.body.errors?.length).toBeGreaterThan(0);
    for (const error of variable.body.errors ?? []) {
      expect(error.message).not.toMatch(/Did you mean|CEDULA/);
    }
  });
});

describe('the cost limit with its default (GATEWAY_MAX_COST 5000)', () => {
  let stack: TestStack;
  const PAGE = 'people(first: $n) { edges { node { documentId } } }';
  const aliased = (page: string) => Array.from({ length: 15 }, (_, i) => `p${i}: ${page}`).join(' ');

  beforeAll(async () => {
    stack = await startTestStack();
    const create = 'mutation ($input: CreatePersonInput!) { createPerson(input: $input) { documentId } }';
    for (let i = 0; i < 3; i += 1) await graphql(stack.urls.gateway, create, { input: personInput(String(9100 + i)) });
  });

  afterAll(async () => {
    await stack.close();
  });

  it('lets the largest documented page, with every field, through', async () => {
    const result = await graphql<{ people: { totalCount: number; edges: unknown[] } }>(
      stack.urls.gateway,
      `{ people(first: 100) { totalCount edges { cursor node { ${PERSON_FIELDS} } } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.people.totalCount).toBe(3);
  });

  it('counts a page size passed as a variable as if it were written out', async () => {
    const literal = await graphql(stack.urls.gateway, `{ ${aliased(PAGE.replace('$n', '100'))} }`);
    expectRejected(literal, /cost limit of 5000 exceeded/i);
    const variable = await graphql(stack.urls.gateway, `query ($n: Int) { ${aliased(PAGE)} }`, { n: 100 });
    expectRejected(variable, /cost limit of 5000 exceeded/i);
    // The same document with a small page is cheap: the cost follows the value, not the text.
    const small = await graphql(stack.urls.gateway, `query ($n: Int) { ${aliased(PAGE)} }`, { n: 2 });
    expect(small.status).toBe(200);
    expect(small.body.errors).toBeUndefined();
  });

  it("counts a variable's default value, and a page hidden in fragments", async () => {
    const byDefault = await graphql(stack.urls.gateway, `query ($n: Int = 100) { ${aliased(PAGE)} }`);
    expectRejected(byDefault, /cost limit of 5000 exceeded/i);
    const fragments = await graphql(
      stack.urls.gateway,
      `query ($n: Int) { ${aliased('people(first: $n) { ...Page }')} } fragment Page on PersonConnection { edges { node { ...Who } } } fragment Who on Person { documentId }`,
      { n: 100 },
    );
    expectRejected(fragments, /cost limit of 5000 exceeded/i);
  });
});

describe('operation limit settings', () => {
  it('have safe defaults, and suggestions are hidden in production only', () => {
    expect(loadGatewayConfig({}).limits).toEqual({
      maxDepth: 8,
      maxAliases: 15,
      maxTokens: 1000,
      maxDirectives: 20,
      maxCost: 5000,
      blockFieldSuggestions: false,
    });
    expect(loadGatewayConfig({ NODE_ENV: 'production' }).limits.blockFieldSuggestions).toBe(true);
    expect(loadGatewayConfig({}).bodyLimit).toBe('100kb');
  });

  it('refuse nonsense', () => {
    expect(() => loadGatewayConfig({ GATEWAY_MAX_DEPTH: '0', GATEWAY_BODY_LIMIT: 'lots' })).toThrow(
      /GATEWAY_BODY_LIMIT: must be a size[\s\S]*GATEWAY_MAX_DEPTH: must be greater than 0/,
    );
  });
});
