import { pngOfSize } from './support/photoFixtures';
import { BOUNDARY, multipartBytes, sendPaced, type MultipartPart } from './support/multipartBodies';
import { graphql, personInput, startTestStack, type TestStack } from './support/testStack';
import { UPLOAD_PHOTO } from './support/upload';

const CREATE = `mutation Create($input: CreatePersonInput!) { createPerson(input: $input) { documentId } }`;
const PHOTO_OF = `query Photo($id: ID!) { person(documentId: $id) { photoUrl } }`;
const HOP_TIMEOUT_MS = 1000;
const UPLOADS = { idleMs: 1500, totalMs: 8000 };
const BRIDGE_CONNECTIONS = 4;
const BRIDGE_UPLOAD_CONNECTIONS = 2;

const file = (field: string): MultipartPart => ({
  name: field,
  filename: 'slow.png',
  contentType: 'image/png',
  body: pngOfSize(64 * 1024),
});
const restBody = () => multipartBytes([file('file')]);
const graphqlBody = (documentId: string) =>
  multipartBytes([
    { name: 'operations', body: JSON.stringify({ query: UPLOAD_PHOTO, variables: { id: documentId, photo: null } }) },
    { name: 'map', body: JSON.stringify({ 0: ['variables.photo'] }) },
    file('0'),
  ]);
const MULTIPART = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
const GRAPHQL_MULTIPART = { ...MULTIPART, 'apollo-require-preflight': 'true' };

/**
 * An upload is bounded by its own pace (UPLOAD_IDLE_TIMEOUT_MS between bytes, UPLOAD_TIMEOUT_MS in
 * all), not by the per-call timeouts between services, and slow uploads cannot take the bridge's
 * connections to the gateway from reads and writes.
 */
describe('slow photo uploads', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      subgraphs: { uploads: UPLOADS },
      gateway: { subgraphTimeoutMs: HOP_TIMEOUT_MS, uploads: UPLOADS },
      bridge: {
        gatewayTimeoutMs: HOP_TIMEOUT_MS,
        uploads: UPLOADS,
        gatewayConnections: BRIDGE_CONNECTIONS,
        uploadConnections: BRIDGE_UPLOAD_CONNECTIONS,
      },
    });
    for (const id of ['5200000001', '5200000002', '5200000003']) {
      const created = await graphql(stack.urls.gateway, CREATE, { input: personInput(id) });
      expect(created.body.errors).toBeUndefined();
    }
  });

  afterAll(async () => {
    await stack.close();
  });

  async function photoUrl(documentId: string): Promise<string | null> {
    const result = await graphql<{ person: { photoUrl: string | null } }>(stack.urls.gateway, PHOTO_OF, {
      id: documentId,
    });
    return result.body.data?.person.photoUrl ?? null;
  }

  it('accepts an upload that takes several times the hop timeouts, at the bridge and at the gateway', async () => {
    const pacing = { pieces: 8, pauseMs: 400 };
    const [rest, graph] = await Promise.all([
      sendPaced(`${stack.urls.bridge.update}/5200000001/image`, 'PATCH', MULTIPART, restBody(), pacing),
      sendPaced(stack.urls.gateway, 'POST', GRAPHQL_MULTIPART, graphqlBody('5200000002'), pacing),
    ]);
    expect(rest.afterMs).toBeGreaterThan(2 * HOP_TIMEOUT_MS);
    expect([rest.status, graph.status]).toEqual([200, 200]);
    expect(JSON.parse(graph.body)).not.toHaveProperty('errors');
    expect(await photoUrl('5200000001')).toMatch(/^http/);
    expect(await photoUrl('5200000002')).toMatch(/^http/);
  });

  it('answers 408 to an upload that stalls, and stores nothing', async () => {
    const stall = { pieces: 8, pauseMs: 50, stallAfter: 4 };
    const [rest, graph] = await Promise.all([
      sendPaced(`${stack.urls.bridge.update}/5200000003/image`, 'PATCH', MULTIPART, restBody(), stall),
      sendPaced(stack.urls.gateway, 'POST', GRAPHQL_MULTIPART, graphqlBody('5200000003'), stall),
    ]);
    expect([rest.status, graph.status]).toEqual([408, 408]);
    expect(rest.body).toMatch(/stalled/);
    expect(JSON.parse(graph.body)).toMatchObject({ errors: [{ extensions: { code: 'REQUEST_TIMEOUT' } }] });
    expect(rest.afterMs).toBeGreaterThanOrEqual(UPLOADS.idleMs);
    expect(await photoUrl('5200000003')).toBeNull();
  });

  it('answers 408 to an upload that keeps trickling past the total bound, and stores nothing', async () => {
    const trickle = { pieces: 15, pauseMs: 700 };
    const rest = await sendPaced(
      `${stack.urls.bridge.update}/5200000003/image`,
      'PATCH',
      MULTIPART,
      restBody(),
      trickle,
    );
    expect(rest.status).toBe(408);
    expect(rest.body).toMatch(/longer than/);
    expect(await photoUrl('5200000003')).toBeNull();
  }, 15_000);

  it('keeps reads fast while more uploads than the bridge has connections trickle in', async () => {
    // Each takes 4 s to arrive: with one pool, reads would wait for them.
    const uploads = Array.from({ length: 2 * BRIDGE_CONNECTIONS }, () =>
      sendPaced(`${stack.urls.bridge.update}/5200000003/image`, 'PATCH', MULTIPART, restBody(), {
        pieces: 10,
        pauseMs: 400,
      }),
    );
    // Let every upload reach the bridge and take what connections it can.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const started = Date.now();
    const reads = await Promise.all(
      Array.from({ length: 2 * BRIDGE_CONNECTIONS }, () => fetch(`${stack.urls.bridge.read}/5200000001`)),
    );
    const readMs = Date.now() - started;
    expect(reads.map((response) => response.status)).toEqual(reads.map(() => 200));
    expect(readMs).toBeLessThan(2000);
    const answered = await Promise.all(uploads);
    expect(answered.map((answer) => answer.status)).toEqual(answered.map(() => 200));
  }, 20_000);
});
