import { execFile } from 'node:child_process';
import { restCreatePersonSchema, restUpdatePersonSchema } from '../dialect/restSchemas';
import { restPersonSchema } from '../dialect/restPerson';
import { startTestStack, type TestStack } from '../../../stack/src/__tests__/support/testStack';
import { BRIDGE_ROLES, type BridgeRole } from '../config';
import {
  EXAMPLE_CREATE_BODY,
  EXAMPLE_PERSON,
  EXAMPLE_UPDATE_BODY,
  EXAMPLE_VALIDATION_ERROR,
  openApiDocument,
} from '../openapi';
import { closeClientAgent, send, sendJson } from './support/client';

const VALIDATOR = '@seriousme/openapi-schema-validator';

/**
 * Validates with the maintained OpenAPI 3.1 validator. It is an ES module, so it runs in a child
 * Node process rather than in Jest's CommonJS sandbox.
 */
function validateOpenApi(document: unknown): Promise<{ valid: boolean; version?: string; errors?: unknown }> {
  const script = `
    import { Validator } from '${VALIDATOR}';
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(input));
    process.stdout.write(JSON.stringify({ valid: result.valid, version: validator.version, errors: result.errors }));
  `;
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      { cwd: process.cwd(), timeout: 20_000 },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(
              stderr.includes('ERR_MODULE_NOT_FOUND')
                ? `${VALIDATOR} is not installed: add it as a devDependency (npm i -D ${VALIDATOR})`
                : stderr || error.message,
            ),
          );
          return;
        }
        resolve(JSON.parse(stdout) as { valid: boolean; version?: string; errors?: unknown });
      },
    );
    child.stdin?.end(JSON.stringify(document));
  });
}

/** Keys in order, and each value's JSON type: what "the same shape" means for an example. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, shape(inner)]);
  }
  return value === null ? 'null' : typeof value;
}

describe('the OpenAPI 3.1 documents', () => {
  let stack: TestStack;
  const documents = {} as Record<BridgeRole, Record<string, unknown>>;

  beforeAll(async () => {
    stack = await startTestStack();
    for (const role of BRIDGE_ROLES) {
      const response = await send(stack.urls.bridge[role], { method: 'GET', path: '/openapi.json' });
      documents[role] = response.json as Record<string, unknown>;
    }
  });

  afterAll(async () => {
    closeClientAgent();
    await stack.close();
  });

  it.each(BRIDGE_ROLES)('the %s port serves a document that validates as OpenAPI 3.1', async (role) => {
    const result = await validateOpenApi(documents[role]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.version).toBe('3.1');
  });

  it.each(BRIDGE_ROLES)('the %s port documents the legacy mode in valid OpenAPI 3.1 too', async (role) => {
    const legacy = openApiDocument(role, 'legacy', { auth: false });
    const result = await validateOpenApi(legacy);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(legacy.paths as object)).toEqual(Object.keys(documents[role].paths as object));
  });

  it.each(BRIDGE_ROLES)('the %s port validates when it requires tokens too', async (role) => {
    const result = await validateOpenApi(openApiDocument(role, 'strict', { auth: true }));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('declares the bearer scheme (an optional token here) and a server relative to the port', () => {
    for (const role of BRIDGE_ROLES) {
      const components = documents[role].components as { securitySchemes?: Record<string, unknown> };
      expect(components.securitySchemes).toEqual({
        bearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
      });
      expect(documents[role].security).toEqual([{}, { bearerAuth: [] }]);
      expect(documents[role].servers).toEqual([{ url: '/', description: 'This port' }]);
    }
    expect(openApiDocument('read', 'strict', { auth: true }).security).toEqual([{ bearerAuth: [] }]);
  });

  it.each(['strict', 'legacy'] as const)('lists 401, 403 and 429 on every operation (%s mode)', (compat) => {
    for (const role of BRIDGE_ROLES) {
      const paths = openApiDocument(role, compat, { auth: false }).paths as Record<
        string,
        Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>
      >;
      for (const operation of Object.values(paths).flatMap((methods) => Object.values(methods))) {
        expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403', '429']));
        expect(Object.keys(operation.responses['429']?.headers ?? {})).toEqual(['Retry-After']);
        expect(Object.keys(operation.responses['401']?.headers ?? {})).toEqual(['WWW-Authenticate']);
      }
    }
  });

  it('each port documents only its own routes', () => {
    const operations = (role: BridgeRole) =>
      Object.entries(documents[role].paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
      );
    expect(operations('create')).toEqual(['POST /']);
    expect(operations('read').sort()).toEqual(['GET /', 'GET /detail', 'GET /{doc_id}']);
    expect(operations('update').sort()).toEqual([
      'PATCH /',
      'PATCH /image',
      'PATCH /{doc_id}',
      'PATCH /{doc_id}/image',
    ]);
    expect(operations('delete').sort()).toEqual(['DELETE /', 'DELETE /{doc_id}']);
  });

  it('its examples are valid by the schemas the bridge validates with', () => {
    expect(restPersonSchema.safeParse(EXAMPLE_PERSON).success).toBe(true);
    expect(restCreatePersonSchema.safeParse(EXAMPLE_CREATE_BODY).success).toBe(true);
    expect(restUpdatePersonSchema.safeParse(EXAMPLE_UPDATE_BODY).success).toBe(true);
    const create = documents.create.paths as Record<
      string,
      Record<string, { requestBody: { content: Record<string, { example: unknown }> } }>
    >;
    expect(create['/']?.post?.requestBody.content['application/json']?.example).toEqual(EXAMPLE_CREATE_BODY);
  });

  it('its examples match what the server really answers', async () => {
    const urls = stack.urls.bridge;
    const created = await sendJson(urls.create, 'POST', '/', EXAMPLE_CREATE_BODY);
    expect(created.status).toBe(201);
    expect(shape(created.json)).toEqual(shape(EXAMPLE_PERSON));
    const { created_at: _c, updated_at: _u, ...stable } = EXAMPLE_PERSON;
    expect(created.json).toMatchObject(stable);
    expect(restPersonSchema.safeParse(created.json).success).toBe(true);

    const paths = (role: BridgeRole) =>
      documents[role].paths as Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, { example?: unknown }> }> }>
      >;
    const example = (role: BridgeRole, path: string, method: string, status: string) =>
      paths(role)[path]?.[method]?.responses[status]?.content?.['application/json']?.example;

    const conflict = await sendJson(urls.create, 'POST', '/', EXAMPLE_CREATE_BODY);
    expect(conflict.status).toBe(409);
    expect(conflict.json).toEqual(example('create', '/', 'post', '409'));

    const invalid = await sendJson(urls.create, 'POST', '/', {
      ...EXAMPLE_CREATE_BODY,
      document_id: '1234567891',
      email: 'nope',
    });
    expect(invalid.json).toEqual(example('create', '/', 'post', '422'));
    expect(invalid.json).toEqual(EXAMPLE_VALIDATION_ERROR);

    const read = await send(urls.read, { method: 'GET', path: '/1234567890' });
    expect(shape(read.json)).toEqual(shape(example('read', '/{doc_id}', 'get', '200')));
    const list = await send(urls.read, { method: 'GET', path: '/' });
    expect(shape(list.json)).toEqual(shape(example('read', '/', 'get', '200')));

    const updated = await sendJson(urls.update, 'PATCH', '/1234567890', EXAMPLE_UPDATE_BODY);
    expect(updated.json).toMatchObject(EXAMPLE_UPDATE_BODY);
    expect(shape(updated.json)).toEqual(shape(example('update', '/{doc_id}', 'patch', '200')));

    const deleted = await send(urls.delete, { method: 'DELETE', path: '/1234567890' });
    expect(shape(deleted.json)).toEqual(shape(example('delete', '/{doc_id}', 'delete', '200')));
    const gone = await send(urls.read, { method: 'GET', path: '/1234567890' });
    expect(gone.status).toBe(404);
    expect(gone.json).toEqual(example('read', '/{doc_id}', 'get', '404'));
  });
});
