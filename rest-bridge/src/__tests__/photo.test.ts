import { PHOTO_MAX_BYTES } from '@people/domain';
import { JPEG_BYTES, PNG_BYTES, pngOfSize } from '../../../stack/src/__tests__/support/photoFixtures';
import { startTestStack, type TestStack } from '../../../stack/src/__tests__/support/testStack';
import { closeClientAgent, multipartBody, restPerson, send, sendJson, type RawResponse } from './support/client';

function upload(
  origin: string,
  path: string,
  content: Buffer,
  options: { field?: string; type?: string } = {},
): Promise<RawResponse> {
  const { body, contentType } = multipartBody(
    options.field ?? 'file',
    'photo.bin',
    options.type ?? 'image/png',
    content,
  );
  return send(origin, { method: 'PATCH', path, headers: { 'content-type': contentType }, body });
}

describe('PATCH /{doc_id}/image and PATCH /image (photos through the gateway)', () => {
  let stack: TestStack;
  let urls: TestStack['urls']['bridge'];

  beforeAll(async () => {
    stack = await startTestStack();
    urls = stack.urls.bridge;
    for (const id of ['7001', '7002']) {
      expect((await sendJson(urls.create, 'POST', '/', restPerson(id))).status).toBe(201);
    }
  });

  afterAll(async () => {
    closeClientAgent();
    await stack.close();
  });

  it('replaces the photo with a PNG: 200 with an absolute photo_url', async () => {
    const response = await upload(urls.update, '/7001/image', PNG_BYTES);
    expect(response.status).toBe(200);
    const person = response.json as { document_id: string; photo_url: string };
    expect(person.document_id).toBe('7001');
    expect(person.photo_url).toMatch(/^https?:\/\//);
    expect(person.photo_url).not.toBe('https://example.com/photo.jpg');
    expect((await send(urls.read, { method: 'GET', path: '/7001' })).json).toEqual(person);
  });

  it('accepts a JPEG on the older route, judged by its bytes whatever type is declared', async () => {
    const response = await upload(
      urls.update,
      `/image?doc_id=7002&doc_type=${encodeURIComponent('Cédula')}`,
      JPEG_BYTES,
      {
        type: 'application/octet-stream',
      },
    );
    expect(response.status).toBe(200);
    expect((response.json as { photo_url: string }).photo_url).toMatch(/^https?:\/\//);
  });

  it('accepts a file of exactly 2 MB and refuses one byte more with 413', async () => {
    expect((await upload(urls.update, '/7001/image', pngOfSize(PHOTO_MAX_BYTES))).status).toBe(200);
    const over = await upload(urls.update, '/7001/image', pngOfSize(PHOTO_MAX_BYTES + 1));
    expect(over.status).toBe(413);
    expect(over.json).toEqual({ detail: expect.any(String) });
  });

  it('refuses 413 while streaming when no Content-Length tells the size up front', async () => {
    const { body, contentType } = multipartBody('file', 'big.png', 'image/png', pngOfSize(PHOTO_MAX_BYTES + 10_000));
    const response = await fetch(`${urls.update}/7001/image`, {
      method: 'PATCH',
      headers: { 'content-type': contentType },
      body: new ReadableStream({
        start(controller) {
          for (let offset = 0; offset < body.length; offset += 64 * 1024)
            controller.enqueue(body.subarray(offset, offset + 64 * 1024));
          controller.close();
        },
      }),
      duplex: 'half',
    });
    expect(response.status).toBe(413);
  });

  it('answers 415 for a file that is not a PNG or JPEG, whatever its declared type', async () => {
    const response = await upload(urls.update, '/7001/image', Buffer.from('GIF89a not really'), { type: 'image/png' });
    expect(response.status).toBe(415);
    expect(response.json).toEqual({ detail: expect.any(String) });
  });

  it('answers 404 for nobody, and 422 when the form has no field named file', async () => {
    expect((await upload(urls.update, '/7999/image', PNG_BYTES)).status).toBe(404);
    const missing = await upload(urls.update, '/7001/image', PNG_BYTES, { field: 'photo' });
    expect(missing.status).toBe(422);
    expect(missing.json).toEqual({ detail: [{ loc: ['body', 'file'], msg: 'Field required', type: 'missing' }] });
  });

  it('still answers on the same port after each refusal', async () => {
    expect((await send(urls.update, { method: 'GET', path: '/healthz' })).status).toBe(200);
  });
});
