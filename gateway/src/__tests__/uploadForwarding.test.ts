import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PHOTO_MAX_BYTES } from '@people/domain';
import { REQUEST_ID_HEADER } from '@people/platform';
import { freePort } from '@people/testing';
import {
  BOUNDARY,
  multipartBytes,
  sendPaced,
  sendRaw,
  type MultipartPart,
} from '../../../stack/src/__tests__/support/multipartBodies';
import { PNG_BYTES, pngOfSize } from '../../../stack/src/__tests__/support/photoFixtures';
import { graphql, personInput, startTestStack, type TestStack } from '../../../stack/src/__tests__/support/testStack';
import { UPLOAD_PHOTO } from '../../../stack/src/__tests__/support/upload';
import { loadGatewayConfig } from '../config';
import { start, type GatewayHandle } from '../server';

const CONTENT_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;
const HEADERS = { 'apollo-require-preflight': 'true', 'content-type': CONTENT_TYPE };

function uploadParts(documentId: string, file: Buffer): MultipartPart[] {
  return [
    { name: 'operations', body: JSON.stringify({ query: UPLOAD_PHOTO, variables: { id: documentId, photo: null } }) },
    { name: 'map', body: JSON.stringify({ 0: ['variables.photo'] }) },
    { name: '0', filename: 'me.png', contentType: 'image/png', body: file },
  ];
}

/** Where the file part's delimiter starts in a body: the gateway passes everything from there on as it is. */
const fileDelimiterAt = (body: Buffer) => body.indexOf(`\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="0"`);

describe('the gateway passes an upload on to the update subgraph', () => {
  describe('to a subgraph that records what it gets', () => {
    let gateway: GatewayHandle;
    let subgraph: http.Server;
    const received: { headers: http.IncomingHttpHeaders; body: Buffer }[] = [];

    beforeAll(async () => {
      subgraph = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          received.push({ headers: req.headers, body: Buffer.concat(chunks) });
          const updatePersonPhoto = {
            documentId: '5300000001',
            photoUrl: 'http://photos.test/x.png',
            updatedAt: 'now',
          };
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ data: { updatePersonPhoto } }));
        });
      });
      await new Promise<void>((resolve) => subgraph.listen(0, '127.0.0.1', resolve));
      const updateUrl = `http://127.0.0.1:${(subgraph.address() as AddressInfo).port}/graphql`;
      const deadUrl = `http://127.0.0.1:${await freePort()}/graphql`;
      gateway = await start({
        ...loadGatewayConfig({ LOG_LEVEL: 'silent', GATEWAY_HOST: '127.0.0.1', GATEWAY_PORT: '0' }),
        subgraphUrls: { create: deadUrl, read: deadUrl, update: updateUrl, delete: deadUrl },
      });
    });

    afterAll(async () => {
      await gateway.close();
      await new Promise((resolve) => subgraph.close(resolve));
    });

    it('sends its own operations and map, then the client’s file part and closing delimiter byte for byte', async () => {
      const file = Buffer.concat([PNG_BYTES, Buffer.from(`\r\n--${BOUNDARY.slice(0, -1)}`), pngOfSize(200_000)]);
      const body = multipartBytes(uploadParts('5300000001', file));
      const answer = await sendPaced(
        gateway.url,
        'POST',
        { ...HEADERS, [REQUEST_ID_HEADER]: 'upload-forwarding-1' },
        body,
        {
          pieces: 7,
          pauseMs: 20,
        },
      );
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({
        data: {
          updatePersonPhoto: { documentId: '5300000001', photoUrl: 'http://photos.test/x.png', updatedAt: 'now' },
        },
      });

      expect(received).toHaveLength(1);
      const [sent] = received;
      if (!sent) throw new Error('the subgraph got nothing');
      expect(sent.headers['content-type']).toBe(CONTENT_TYPE);
      expect(sent.headers[REQUEST_ID_HEADER]).toBe('upload-forwarding-1');
      expect(sent.headers['apollo-require-preflight']).toBe('true');
      const rest = body.subarray(fileDelimiterAt(body));
      expect(sent.body.subarray(sent.body.length - rest.length).equals(rest)).toBe(true);

      const head = sent.body.subarray(0, sent.body.length - rest.length).toString();
      const parts = head.split(`--${BOUNDARY}\r\n`).slice(1);
      expect(parts.map((part) => /name="([^"]+)"/.exec(part)?.[1])).toEqual(['operations', 'map']);
      const value = (part: string | undefined) =>
        JSON.parse(part?.split('\r\n\r\n')[1]?.replace(/\r\n$/, '') ?? '') as unknown;
      expect(value(parts[0])).toMatchObject({ variables: { id: '5300000001', photo: null } });
      expect(value(parts[1])).toEqual({ 0: ['variables.photo'] });
    });
  });

  describe('to the real update subgraph', () => {
    let stack: TestStack;
    let photoDir: string;
    const storedFiles = () => (fs.existsSync(photoDir) ? fs.readdirSync(photoDir).sort() : []);

    beforeAll(async () => {
      stack = await startTestStack();
      if (stack.photos.kind !== 'local') throw new Error('expected the local photo store');
      photoDir = stack.photos.dir;
      for (const id of ['5300000002', '5300000003', '5300000004']) {
        const created = await graphql(
          stack.urls.gateway,
          `
            mutation ($input: CreatePersonInput!) {
              createPerson(input: $input) {
                documentId
              }
            }
          `,
          {
            input: personInput(id),
          },
        );
        expect(created.body.errors).toBeUndefined();
      }
    });

    afterAll(async () => {
      await stack.close();
    });

    async function photoUrlOf(documentId: string): Promise<string | null> {
      const result = await graphql<{ person: { photoUrl: string | null } }>(
        stack.urls.gateway,
        `
          query ($id: ID!) {
            person(documentId: $id) {
              photoUrl
            }
          }
        `,
        { id: documentId },
      );
      return result.body.data?.person.photoUrl ?? null;
    }

    it('never stores a photo from a body cut mid-file, whether it ends there or the client goes away', async () => {
      const body = multipartBytes(uploadParts('5300000002', pngOfSize(100_000)));
      const cut = fileDelimiterAt(body) + 50_000;

      const ended = await sendRaw(stack.urls.gateway, 'POST', HEADERS, body.subarray(0, cut));
      expect(ended.status).toBe(400);
      expect(JSON.parse(ended.body)).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });

      await new Promise<void>((resolve) => {
        const request = http.request(stack.urls.gateway, {
          method: 'POST',
          headers: { ...HEADERS, 'content-length': String(body.length) },
        });
        request.on('error', () => resolve());
        request.on('close', () => resolve());
        request.write(body.subarray(0, cut), () => setTimeout(() => request.destroy(), 200));
      });

      // The whole body, sent next, is stored: nothing of the cut ones was.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(storedFiles()).toEqual([]);
      expect(await photoUrlOf('5300000002')).toBeNull();
      const whole = await sendRaw(stack.urls.gateway, 'POST', HEADERS, body);
      expect([whole.status, JSON.parse(whole.body)]).toEqual([
        200,
        expect.not.objectContaining({ errors: expect.anything() }),
      ]);
      expect(storedFiles()).toHaveLength(1);
    });

    it('refuses a file over the limit, whether the subgraph or the gateway finds it, alike', async () => {
      const before = storedFiles();
      const justOver = await sendRaw(
        stack.urls.gateway,
        'POST',
        HEADERS,
        multipartBytes(uploadParts('5300000003', pngOfSize(PHOTO_MAX_BYTES + 1))),
      );
      const farOver = await sendRaw(
        stack.urls.gateway,
        'POST',
        HEADERS,
        multipartBytes(uploadParts('5300000004', pngOfSize(PHOTO_MAX_BYTES + 1024 * 1024))),
      );
      for (const answer of [justOver, farOver]) {
        expect(JSON.parse(answer.body)).toMatchObject({
          errors: [{ message: 'The photo is larger than the 2 MB limit', extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
        });
      }
      expect(farOver.status).toBe(justOver.status);
      expect(await photoUrlOf('5300000003')).toBeNull();
      expect(await photoUrlOf('5300000004')).toBeNull();
      expect(storedFiles()).toEqual(before);
    });
  });
});
