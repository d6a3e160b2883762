import { PNG_BYTES } from './support/photoFixtures';
import {
  BOUNDARY,
  closingDelimiterEnd,
  multipartBytes,
  sendRaw,
  type MultipartPart,
  type RawAnswer,
} from './support/multipartBodies';
import { graphql, personInput, startTestStack, type TestStack } from './support/testStack';
import { UPLOAD_PHOTO } from './support/upload';

const CREATE = `mutation Create($input: CreatePersonInput!) { createPerson(input: $input) { documentId } }`;
const PHOTO_OF = `query Photo($id: ID!) { person(documentId: $id) { photoUrl } }`;
const DOCUMENT_ID = '5100000001';

/** One place that takes a photo upload, and the parts of a valid upload to it. */
interface UploadTarget {
  name: string;
  url: () => string;
  method: string;
  headers: Record<string, string>;
  /** The parts of a valid upload; `file` is the photo's part. */
  parts: (file: MultipartPart) => MultipartPart[];
  fileField: string;
  graphql: boolean;
}

const PHOTO_PART = (field: string): MultipartPart => ({
  name: field,
  filename: 'me.png',
  contentType: 'image/png',
  body: PNG_BYTES,
});

function graphqlParts(file: MultipartPart): MultipartPart[] {
  return [
    { name: 'operations', body: JSON.stringify({ query: UPLOAD_PHOTO, variables: { id: DOCUMENT_ID, photo: null } }) },
    { name: 'map', body: JSON.stringify({ 0: ['variables.photo'] }) },
    file,
  ];
}

/**
 * A multipart body that ends early, names the wrong boundary or carries more than one upload must
 * be answered with a 4xx by every service that parses uploads, and no service may stop serving.
 */
describe('malformed photo uploads', () => {
  let stack: TestStack;
  const multipart = (boundary = BOUNDARY) => `multipart/form-data; boundary=${boundary}`;

  const targets: UploadTarget[] = [
    {
      name: 'the bridge, PATCH /{doc_id}/image',
      url: () => `${stack.urls.bridge.update}/${DOCUMENT_ID}/image`,
      method: 'PATCH',
      headers: {},
      parts: (file) => [file],
      fileField: 'file',
      graphql: false,
    },
    {
      name: 'the bridge, PATCH /image?doc_id=…',
      url: () => `${stack.urls.bridge.update}/image?doc_id=${DOCUMENT_ID}&doc_type=C%C3%A9dula`,
      method: 'PATCH',
      headers: {},
      parts: (file) => [file],
      fileField: 'file',
      graphql: false,
    },
    {
      name: 'the gateway',
      url: () => stack.urls.gateway,
      method: 'POST',
      headers: { 'apollo-require-preflight': 'true' },
      parts: graphqlParts,
      fileField: '0',
      graphql: true,
    },
    {
      name: 'the update subgraph',
      url: () => stack.urls.subgraphs.update,
      method: 'POST',
      headers: { 'apollo-require-preflight': 'true' },
      parts: graphqlParts,
      fileField: '0',
      graphql: true,
    },
  ];

  beforeAll(async () => {
    stack = await startTestStack();
    const created = await graphql(stack.urls.gateway, CREATE, { input: personInput(DOCUMENT_ID) });
    expect(created.body.errors).toBeUndefined();
  });

  afterAll(async () => {
    await stack.close();
  });

  async function photoUrl(): Promise<string | null> {
    const result = await graphql<{ person: { photoUrl: string | null } }>(stack.urls.gateway, PHOTO_OF, {
      id: DOCUMENT_ID,
    });
    return result.body.data?.person.photoUrl ?? null;
  }

  /** Why an answer is not a client error, or undefined when it is one. */
  function notAClientError(answer: RawAnswer, target: UploadTarget): string | undefined {
    if (answer.status < 400 || answer.status >= 500) return `status ${answer.status}: ${answer.body.slice(0, 300)}`;
    if (!target.graphql) return undefined;
    const body = JSON.parse(answer.body) as { errors?: { extensions?: { code?: string } }[] };
    const code = body.errors?.[0]?.extensions?.code;
    return code === 'INTERNAL_SERVER_ERROR' || code === 'SERVICE_UNAVAILABLE' ? `code ${code}` : undefined;
  }

  async function expectEveryPortServing(): Promise<void> {
    const origins = [
      stack.urls.gateway,
      ...Object.values(stack.urls.subgraphs),
      ...Object.values(stack.urls.bridge),
    ].map((url) => new URL(url).origin);
    const statuses = await Promise.all(origins.map(async (origin) => (await fetch(`${origin}/healthz`)).status));
    expect(statuses).toEqual(origins.map(() => 200));
  }

  describe.each(targets)('$name', (target) => {
    const send = (body: Buffer, contentType = multipart()) =>
      sendRaw(target.url(), target.method, { ...target.headers, 'content-type': contentType }, body);

    it('answers the upload cut at every byte with a 4xx, changes nothing and keeps serving', async () => {
      const whole = multipartBytes(target.parts(PHOTO_PART(target.fileField)));
      const failures: string[] = [];
      for (let cut = 0; cut < closingDelimiterEnd(whole); cut++) {
        const why = notAClientError(await send(whole.subarray(0, cut)), target);
        if (why) failures.push(`cut at ${cut} of ${whole.length}: ${why}`);
      }
      expect(failures).toEqual([]);
      expect(await photoUrl()).toBeNull();
      await expectEveryPortServing();
    });

    const variants: [string, () => { body: Buffer; contentType?: string }][] = [
      [
        'a boundary other than the one declared',
        () => ({ body: multipartBytes(target.parts(PHOTO_PART(target.fileField)), 'another-boundary') }),
      ],
      [
        'no boundary in the Content-Type',
        () => ({
          body: multipartBytes(target.parts(PHOTO_PART(target.fileField))),
          contentType: 'multipart/form-data',
        }),
      ],
      [
        'no closing boundary',
        () => ({ body: multipartBytes(target.parts(PHOTO_PART(target.fileField)), BOUNDARY, false) }),
      ],
      [
        'two files',
        () => ({
          body: multipartBytes([...target.parts(PHOTO_PART(target.fileField)), PHOTO_PART(target.fileField)]),
        }),
      ],
      [
        'a second part after the file',
        () => ({ body: multipartBytes([...target.parts(PHOTO_PART(target.fileField)), { name: 'extra', body: 'x' }]) }),
      ],
    ];

    it.each(variants)('answers %s with a 4xx, changes nothing and keeps serving', async (_name, make) => {
      const { body, contentType } = make();
      const answer = await send(body, contentType);
      expect(notAClientError(answer, target)).toBeUndefined();
      expect(await photoUrl()).toBeNull();
      await expectEveryPortServing();
    });
  });

  it('still accepts a whole upload at every target afterwards', async () => {
    for (const target of targets) {
      const body = multipartBytes(target.parts(PHOTO_PART(target.fileField)));
      const answer = await sendRaw(
        target.url(),
        target.method,
        { ...target.headers, 'content-type': multipart() },
        body,
      );
      expect([target.name, answer.status]).toEqual([target.name, 200]);
      if (target.graphql) expect(JSON.parse(answer.body)).not.toHaveProperty('errors');
    }
    expect(await photoUrl()).toMatch(/^http/);
  });
});
