import fs from 'node:fs';
import path from 'node:path';
import { PHOTO_MAX_BYTES } from '@people/domain';
import { JPEG_BYTES, OVER_LIMIT, PNG_BYTES, pngOfSize } from './support/photoFixtures';
import { TEST_PHOTO_BASE_URL, graphql, personInput, startTestStack, type TestStack } from './support/testStack';
import { streamHugeUpload, streamHugeUploadReadingLate, uploadPhoto } from './support/upload';

const CREATE = `mutation Create($input: CreatePersonInput!) { createPerson(input: $input) { documentId } }`;
const GET = `query Get($id: ID!) { person(documentId: $id) { documentId photoUrl updatedAt } }`;
const DELETE = `mutation Delete($id: ID!) { deletePerson(documentId: $id) { documentId photoUrl } }`;

describe('photos through the gateway (local store)', () => {
  let stack: TestStack;
  let origin: string;
  let photoDir: string;

  beforeAll(async () => {
    stack = await startTestStack();
    origin = new URL(stack.urls.gateway).origin;
    if (stack.photos.kind !== 'local') throw new Error('expected the local photo store');
    photoDir = stack.photos.dir;
  });

  afterAll(async () => {
    await stack.close();
  });

  async function createPerson(documentId: string): Promise<void> {
    const result = await graphql(stack.urls.gateway, CREATE, { input: personInput(documentId) });
    expect(result.body.errors).toBeUndefined();
  }

  /** The served URL on this test's gateway: the stored URL's path under the gateway's origin. */
  const served = (photoUrl: string) => `${origin}${new URL(photoUrl).pathname}`;
  const keyOf = (photoUrl: string) => path.basename(new URL(photoUrl).pathname);
  const storedFiles = () => (fs.existsSync(photoDir) ? fs.readdirSync(photoDir).sort() : []);

  async function photoUrlOf(documentId: string): Promise<string | null> {
    const result = await graphql<{ person: { photoUrl: string | null } }>(stack.urls.gateway, GET, { id: documentId });
    return result.body.data?.person.photoUrl ?? null;
  }

  it('accepts a PNG and serves exactly its bytes with its Content-Type and long-lived caching', async () => {
    await createPerson('3000000001');
    const result = await uploadPhoto(stack.urls.gateway, '3000000001', PNG_BYTES, 'me.png', 'image/png');
    expect(result.body.errors).toBeUndefined();
    const photoUrl = result.body.data?.updatePersonPhoto.photoUrl as string;
    expect(photoUrl.startsWith(`${TEST_PHOTO_BASE_URL}/photos/`)).toBe(true);
    expect(photoUrl).toMatch(/\/photos\/[A-Za-z0-9_-]{43}\.png$/);
    expect(await photoUrlOf('3000000001')).toBe(photoUrl);

    const response = await fetch(served(photoUrl));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/);
    expect(Buffer.from(await response.arrayBuffer()).equals(PNG_BYTES)).toBe(true);
  });

  it('accepts a JPEG, judged by its bytes whatever its name and declared type', async () => {
    await createPerson('3000000002');
    const result = await uploadPhoto(
      stack.urls.gateway,
      '3000000002',
      JPEG_BYTES,
      'photo.bin',
      'application/octet-stream',
    );
    expect(result.body.errors).toBeUndefined();
    const photoUrl = result.body.data?.updatePersonPhoto.photoUrl as string;
    expect(photoUrl).toMatch(/\.jpg$/);
    const response = await fetch(served(photoUrl));
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await response.arrayBuffer()).equals(JPEG_BYTES)).toBe(true);
  });

  it('accepts a photo of exactly the limit', async () => {
    await createPerson('3000000003');
    const result = await uploadPhoto(
      stack.urls.gateway,
      '3000000003',
      pngOfSize(PHOTO_MAX_BYTES),
      'big.png',
      'image/png',
    );
    expect(result.body.errors).toBeUndefined();
    const response = await fetch(served(result.body.data?.updatePersonPhoto.photoUrl as string));
    expect((await response.arrayBuffer()).byteLength).toBe(PHOTO_MAX_BYTES);
  });

  it('replacing a photo removes the old file', async () => {
    await createPerson('3000000004');
    const first = await uploadPhoto(stack.urls.gateway, '3000000004', PNG_BYTES, 'a.png', 'image/png');
    const firstKey = keyOf(first.body.data?.updatePersonPhoto.photoUrl as string);
    expect(fs.existsSync(path.join(photoDir, firstKey))).toBe(true);
    const second = await uploadPhoto(stack.urls.gateway, '3000000004', JPEG_BYTES, 'b.jpg', 'image/jpeg');
    const secondUrl = second.body.data?.updatePersonPhoto.photoUrl as string;
    expect(fs.existsSync(path.join(photoDir, firstKey))).toBe(false);
    expect(fs.existsSync(path.join(photoDir, keyOf(secondUrl)))).toBe(true);
    expect((await fetch(served(first.body.data?.updatePersonPhoto.photoUrl as string))).status).toBe(404);
  });

  it('refuses a text file named .png and declared image/png with UNSUPPORTED_MEDIA_TYPE, changing nothing', async () => {
    await createPerson('3000000005');
    const good = await uploadPhoto(stack.urls.gateway, '3000000005', PNG_BYTES, 'ok.png', 'image/png');
    const before = good.body.data?.updatePersonPhoto.photoUrl as string;
    const files = storedFiles();
    const result = await uploadPhoto(
      stack.urls.gateway,
      '3000000005',
      Buffer.from('just some text, not a picture\n'),
      'evil.png',
      'image/png',
    );
    expect(result.body.errors?.[0]?.extensions?.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(result.body.data ?? null).toBeNull();
    expect(await photoUrlOf('3000000005')).toBe(before);
    expect(storedFiles()).toEqual(files);
  });

  it('refuses 2 MB + 1 byte with PAYLOAD_TOO_LARGE, changing nothing', async () => {
    await createPerson('3000000006');
    const files = storedFiles();
    const result = await uploadPhoto(stack.urls.gateway, '3000000006', pngOfSize(OVER_LIMIT), 'big.png', 'image/png');
    expect(result.body.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(result.body.errors?.[0]?.message).toMatch(/2 MB/);
    expect(await photoUrlOf('3000000006')).toBeNull();
    expect(storedFiles()).toEqual(files);
  });

  it('cuts a 50 MB upload off near the limit instead of reading it whole', async () => {
    await createPerson('3000000007');
    const total = 50 * 1024 * 1024;
    const outcome = await streamHugeUpload(stack.urls.gateway, '3000000007', PNG_BYTES, total);
    // The limit, plus what the kernel's socket buffers on both ends (a few MB each on loopback) and
    // the streams in between hold once the gateway stops reading: far short of the 50 MB sent.
    expect(outcome.bytesPulled).toBeLessThan(16 * 1024 * 1024);
    expect(outcome.error).toBeUndefined();
    expect(outcome.body).toContain('PAYLOAD_TOO_LARGE');
    expect(await photoUrlOf('3000000007')).toBeNull();
  });

  it('keeps the answer to a 50 MB upload for a client that reads only once it can send no more', async () => {
    await createPerson('3000000010');
    const outcome = await streamHugeUploadReadingLate(
      stack.urls.gateway,
      '3000000010',
      PNG_BYTES,
      50 * 1024 * 1024,
      500,
    );
    expect(outcome.bytesPulled).toBeLessThan(16 * 1024 * 1024);
    expect(outcome.error).toBeUndefined();
    expect(outcome.body).toContain('PAYLOAD_TOO_LARGE');
    expect(await photoUrlOf('3000000010')).toBeNull();
  });

  it('answers NOT_FOUND for nobody, and stores nothing', async () => {
    const files = storedFiles();
    const result = await uploadPhoto(stack.urls.gateway, '3999999999', PNG_BYTES, 'me.png', 'image/png');
    expect(result.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(storedFiles()).toEqual(files);
  });

  it('keeps CSRF prevention on: a multipart upload without a preflight header is refused', async () => {
    await createPerson('3000000008');
    const result = await uploadPhoto(stack.urls.gateway, '3000000008', PNG_BYTES, 'me.png', 'image/png', {});
    expect(result.status).toBe(400);
    expect(await photoUrlOf('3000000008')).toBeNull();
  });

  it('answers a malformed multipart request with a client error, never a 500', async () => {
    const form = new FormData();
    form.append('operations', '{"query":');
    const bad = await fetch(stack.urls.gateway, {
      method: 'POST',
      headers: { 'apollo-require-preflight': 'true' },
      body: form,
    });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('BAD_REQUEST');
  });

  it('deleting a person deletes the photo file', async () => {
    await createPerson('3000000009');
    const uploaded = await uploadPhoto(stack.urls.gateway, '3000000009', PNG_BYTES, 'me.png', 'image/png');
    const photoUrl = uploaded.body.data?.updatePersonPhoto.photoUrl as string;
    const removed = await graphql<{ deletePerson: { photoUrl: string } }>(stack.urls.gateway, DELETE, {
      id: '3000000009',
    });
    expect(removed.body.data?.deletePerson.photoUrl).toBe(photoUrl);
    expect(fs.existsSync(path.join(photoDir, keyOf(photoUrl)))).toBe(false);
    expect((await fetch(served(photoUrl))).status).toBe(404);
  });

  it('serves 404 for unknown keys and for anything that tries to leave the photo folder', async () => {
    for (const probe of [
      '/photos/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.png',
      '/photos/..%2F..%2Fpackage.json',
      '/photos/%2e%2e%2fpackage.json',
      '/photos/.hidden.png',
      '/photos/../package.json',
    ]) {
      const response = await fetch(`${origin}${probe}`);
      expect(response.status).toBe(404);
    }
  });
});
