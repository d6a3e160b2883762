import fc from 'fast-check';
import { REST_COMPAT_MODES } from '../dialect/restCompat';
import { startTestStack, type TestStack } from '../../../stack/src/__tests__/support/testStack';
import { BRIDGE_ROLES, type BridgeRole } from '../config';
import { closeClientAgent, restPerson, send, type RawRequest } from './support/client';

const FIELDS = [
  'document_type',
  'document_id',
  'first_name',
  'middle_name',
  'last_name',
  'birth_date',
  'gender',
  'email',
  'phone',
  'photo_url',
  'created_at',
  'updated_at',
];

/** Strings that have broken parsers before: odd Unicode, control characters, huge, operator-looking. */
const oddString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\uFEFF',
    '\u202E12345',
    '𝔸𝔹ℂ',
    '١٢٣٤٥٦٧٨٩٠',
    'Cédula',
    'Ce\u0301dula',
    '$gt',
    '__proto__',
    'constructor',
    '../../etc/passwd',
    '%00',
    '31-02-2020',
    '0000-00-00',
    '9999-12-31',
  ),
  fc.integer({ min: 1, max: 40_000 }).map((size) => 'x'.repeat(size)),
  fc.stringMatching(/^[0-9]{0,14}$/),
);

const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  oddString,
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom({ $gt: '' }, { $ne: null }, [], [1, 2], true, -0, 1e308, Number.MAX_SAFE_INTEGER, null),
);

/** A body that looks like a person with some fields replaced, dropped or added. */
const personLike = fc
  .record({
    base: fc.stringMatching(/^[0-9]{1,10}$/),
    changes: fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), oddString), oddValue, { maxKeys: 5 }),
    drop: fc.subarray(FIELDS),
  })
  .map(({ base, changes, drop }) => {
    const dropped = new Set(drop);
    const body = Object.entries({ ...restPerson(base), ...changes }).filter(([key]) => !dropped.has(key));
    return JSON.stringify(Object.fromEntries(body));
  });

const body = fc.oneof(
  personLike,
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{', '{"a":', '[1,,2]', '{"document_id": 1e99999}', '\uFEFF{}', 'null', ''),
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/merge-patch+json',
  'text/plain',
  'multipart/form-data',
  'multipart/form-data; boundary=xyz',
  'application/x-www-form-urlencoded',
  'garbage/',
  '',
);

const encoded = oddString.map((value) => encodeURIComponent(value).slice(0, 3000));
const rawSegment = fc.constantFrom(
  '%',
  '%E0%A4%A',
  '%00',
  '..',
  '.',
  '%2e%2e',
  '%2F',
  ';',
  '~',
  "'",
  '(',
  ')',
  '*',
  '!',
  '%FF',
  '%C0%AF',
  '@',
  ':',
  '$',
);
const segment = fc.oneof(
  encoded,
  rawSegment,
  fc.stringMatching(/^[0-9]{1,12}$/),
  fc.constantFrom('detail', 'image', 'docs', 'openapi.json', 'healthz'),
);

const path = fc.oneof(
  fc.constant('/'),
  segment.map((s) => `/${s}`),
  segment.map((s) => `/${s}/image`),
  fc.array(segment, { minLength: 2, maxLength: 4 }).map((parts) => `/${parts.join('/')}`),
  fc.constantFrom('//', '/detail/', '/image/', '/1/image/x', '/%20'),
);

const queryKey = fc.oneof(
  fc.constantFrom('doc_id', 'doc_type', 'limit', 'after', 'doc_id[$gt]', 'limit[]', '__proto__'),
  encoded,
);
const queryValue = fc.oneof(
  encoded,
  fc.constantFrom('C%C3%A9dula', 'Tarjeta%20de%20identidad', '0', '-1', '101', '1e3', 'NaN', '%', '%ZZ', 'cDox'),
  fc.stringMatching(/^[0-9]{1,12}$/),
);
const query = fc
  .array(fc.tuple(queryKey, queryValue), { maxLength: 4 })
  .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([key, value]) => `${key}=${value}`).join('&')}`));

const id = fc.oneof(fc.stringMatching(/^[0-9]{1,10}$/), segment);

/** Each port's own routes, so that most requests reach a handler rather than a 404 or 405. */
const ROUTES: Record<BridgeRole, fc.Arbitrary<[string, string]>> = {
  create: fc.constant(['POST', '/']),
  read: fc.oneof(
    fc.constant<[string, string]>(['GET', '/']),
    fc.constant<[string, string]>(['GET', '/detail']),
    id.map((value): [string, string] => ['GET', `/${value}`]),
  ),
  update: fc.oneof(
    fc.constant<[string, string]>(['PATCH', '/']),
    fc.constant<[string, string]>(['PATCH', '/image']),
    id.map((value): [string, string] => ['PATCH', `/${value}`]),
    id.map((value): [string, string] => ['PATCH', `/${value}/image`]),
  ),
  delete: fc.oneof(
    fc.constant<[string, string]>(['DELETE', '/']),
    id.map((value): [string, string] => ['DELETE', `/${value}`]),
  ),
};

const anyRoute = fc.tuple(fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'OPTIONS', 'HEAD'), path);

function request(role: BridgeRole) {
  return fc.record({
    route: fc.oneof({ arbitrary: ROUTES[role], weight: 4 }, { arbitrary: anyRoute, weight: 1 }),
    query,
    body: fc.option(body, { nil: undefined, freq: 5 }),
    contentType: fc.oneof(
      { arbitrary: fc.constant('application/json'), weight: 3 },
      { arbitrary: contentType, weight: 1 },
    ),
    requestId: fc.option(fc.oneof(encoded, fc.constant('x'.repeat(500))), { nil: undefined }),
  });
}

describe.each(REST_COMPAT_MODES)('randomized bad input on every route of every port (BRIDGE_COMPAT=%s)', (compat) => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ bridge: { compat } });
  });

  afterAll(async () => {
    closeClientAgent();
    await stack.close();
  });

  it.each(BRIDGE_ROLES)('the %s port never answers 5xx and never drops the connection', async (role: BridgeRole) => {
    const origin = stack.urls.bridge[role];
    await fc.assert(
      fc.asyncProperty(request(role), async (input) => {
        const [method, routePath] = input.route;
        const headers: Record<string, string> = {};
        if (input.contentType !== '') headers['content-type'] = input.contentType;
        if (input.requestId !== undefined) headers['x-request-id'] = input.requestId;
        const raw: RawRequest = {
          method,
          path: `${routePath}${input.query}`,
          headers,
          ...(input.body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body: input.body } : {}),
        };
        const response = await send(origin, raw);
        expect(response.status).toBeGreaterThanOrEqual(200);
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400 && method !== 'HEAD') {
          expect(response.json).toEqual({ detail: expect.anything() });
        }
      }),
      { numRuns: 300 },
    );
    expect((await send(origin, { method: 'GET', path: '/healthz' })).status).toBe(200);
  });

  it.each(BRIDGE_ROLES)(
    'the %s port answers a request over the header size limit with 431 and a detail',
    async (role) => {
      const response = await send(stack.urls.bridge[role], { method: 'GET', path: `/?q=${'x'.repeat(20_000)}` });
      expect(response.status).toBe(431);
      expect(response.json).toEqual({ detail: 'The request line and headers are over 16 kB together' });
    },
  );

  it('the image routes take any multipart body without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          path: fc.constantFrom('/1/image', '/image?doc_id=1', '/image?doc_id=1&doc_type=C%C3%A9dula'),
          boundary: fc.stringMatching(/^[A-Za-z0-9'()+_,./:=?-]{1,70}$/),
          field: fc.constantFrom('file', 'photo', 'file[]', ''),
          content: fc.uint8Array({ maxLength: 2000 }),
          cut: fc.boolean(),
        }),
        async ({ path, boundary, field, content, cut }) => {
          const full = Buffer.concat([
            Buffer.from(
              `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
            ),
            Buffer.from(content),
            Buffer.from(`\r\n--${boundary}--\r\n`),
          ]);
          const response = await send(stack.urls.bridge.update, {
            method: 'PATCH',
            path,
            headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
            body: cut ? full.subarray(0, Math.floor(full.length / 2)) : full,
          });
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  });
});
