import http from 'node:http';
import { startTestStack, type TestStack } from '../../../stack/src/__tests__/support/testStack';
import { PeopleService } from '../people.service';
import { closeClientAgent, restPerson, send, sendJson } from './support/client';

/** Runs `work` over `items`, `width` at a time. */
async function inBatches<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += width) {
    await Promise.all(items.slice(start, start + width).map(work));
  }
}

describe('creating at once, and listing everyone', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });

  afterAll(async () => {
    closeClientAgent();
    await stack.close();
  });

  it('40 creates of one document_id sent at once: exactly one 201 and 39 409', async () => {
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        sendJson(
          stack.urls.bridge.create,
          'POST',
          '/',
          restPerson('5000000000', { email: `racer${index}@example.com` }),
        ),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(39);
  });

  it('GET / streams 250 people (several pages) as one valid JSON array, each exactly once, in order', async () => {
    const ids = Array.from({ length: 250 }, (_, index) => String(6000000000 + index));
    await inBatches(ids, 25, async (id) => {
      const response = await sendJson(stack.urls.bridge.create, 'POST', '/', restPerson(id));
      expect(response.status).toBe(201);
    });
    const response = await send(stack.urls.bridge.read, { method: 'GET', path: '/' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const people = JSON.parse(response.text) as { document_id: string }[];
    const listed = people.map((person) => person.document_id);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.filter((id) => id.startsWith('6'))).toEqual(ids);
    expect([...listed].sort()).toEqual(listed);
  });

  it('answers HEAD / with the list headers after one page, not by paging through everyone', async () => {
    const ids = Array.from({ length: 150 }, (_, index) => String(7000000000 + index));
    await inBatches(ids, 25, async (id) => {
      expect((await sendJson(stack.urls.bridge.create, 'POST', '/', restPerson(id))).status).toBe(201);
    });
    const page = jest.spyOn(PeopleService.prototype, 'page');
    try {
      const response = await send(stack.urls.bridge.read, { method: 'HEAD', path: '/' });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.text).toBe('');
      expect(page).toHaveBeenCalledTimes(1);
    } finally {
      page.mockRestore();
    }
  });

  it('keeps serving after a client drops a streamed list half way', async () => {
    await new Promise<void>((resolve, reject) => {
      const request = http.get(`${stack.urls.bridge.read}/`, (response) => {
        response.once('data', () => {
          request.destroy();
          resolve();
        });
      });
      request.on('error', (error) => {
        if (!request.destroyed) reject(error);
      });
    });
    const after = await send(stack.urls.bridge.read, { method: 'GET', path: '/?limit=3' });
    expect(after.status).toBe(200);
    expect(after.json).toHaveLength(3);
  });
});
