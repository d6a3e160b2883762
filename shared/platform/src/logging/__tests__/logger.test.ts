import { Writable } from 'node:stream';
import { createLogger } from '../logger';
import { runWithRequestId } from '../requestContext';

function capture(): { lines: () => Record<string, unknown>[]; destination: Writable } {
  const written: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>), destination };
}

describe('log lines', () => {
  it('carry the service, the time they were written as an ISO instant, and the request id only within a request', async () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: 'test', level: 'info', destination });
    const before = Date.now();
    logger.info('outside');
    runWithRequestId('req-1', () => logger.info({ status: 200 }, 'inside'));
    // Lines a few milliseconds apart carry their own times.
    await new Promise((resolve) => setTimeout(resolve, 5));
    runWithRequestId('req-2', () => logger.info('later'));
    const after = Date.now();
    const [outside, inside, later] = lines();
    expect(outside).toMatchObject({ service: 'test', msg: 'outside' });
    expect(outside).not.toHaveProperty('requestId');
    expect(inside).toMatchObject({ service: 'test', requestId: 'req-1', status: 200, msg: 'inside' });
    expect(later).toMatchObject({ requestId: 'req-2' });
    const times = [outside, inside, later].map((line) => String(line?.time));
    for (const time of times) {
      expect(time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(Date.parse(time)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(time)).toBeLessThanOrEqual(after);
    }
    expect(Date.parse(times[2] ?? '')).toBeGreaterThan(Date.parse(times[0] ?? ''));
  });
});
