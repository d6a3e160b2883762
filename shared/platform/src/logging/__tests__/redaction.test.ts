import { Writable } from 'node:stream';
import { createLogger, redactPersonalData } from '../logger';

function capture(): { lines: string[]; destination: Writable } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, destination };
}

describe('personal data in log lines', () => {
  it('is replaced by every name a field has, in the object and two levels below it', () => {
    const logged = {
      email: 'ana@example.com',
      document_id: '1020304050',
      person: { firstName: 'Ana', birth_date: '17-05-1990', city: 'Bogotá' },
      page: { people: [{ last_name: 'García', documentType: 'CEDULA' }] },
      deep: { a: { b: { email: 'kept: deeper than the paths reach' } } },
      status: 200,
    };
    expect(redactPersonalData(logged)).toEqual({
      email: '[redacted]',
      document_id: '[redacted]',
      person: { firstName: '[redacted]', birth_date: '[redacted]', city: 'Bogotá' },
      page: { people: [{ last_name: 'García', documentType: 'CEDULA' }] },
      deep: { a: { b: { email: 'kept: deeper than the paths reach' } } },
      status: 200,
    });
    // The caller's object is left as it was.
    expect(logged.email).toBe('ana@example.com');
  });

  it('returns the same object when there is nothing to replace', () => {
    const line = { method: 'GET', path: '/{id}', status: 200, ms: 1.2 };
    expect(redactPersonalData(line)).toBe(line);
  });

  it("reaches into an error's own fields and keeps it an error, with its message and stack", () => {
    const error = Object.assign(new Error('E11000 duplicate key'), { keyValue: { document_id: '1020304050' } });
    const redacted = redactPersonalData({ err: error }).err;
    expect(redacted).toBeInstanceOf(Error);
    expect(redacted.message).toBe('E11000 duplicate key');
    expect(redacted.stack).toBe(error.stack);
    expect(redacted.keyValue).toEqual({ document_id: '[redacted]' });
    expect(error.keyValue.document_id).toBe('1020304050');
  });

  it('is what every logger writes, serialized errors included', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: 'test', level: 'info', destination });
    const error = Object.assign(new Error('refused'), { keyValue: { phone: '3001234567' } });
    logger.warn({ err: error, request: { body: { first_name: 'Ana' } } }, 'refused');
    const line = JSON.parse(lines.join('')) as Record<string, unknown>;
    expect(line).toMatchObject({
      err: { message: 'refused', keyValue: { phone: '[redacted]' } },
      request: { body: { first_name: '[redacted]' } },
    });
    expect(lines.join('')).not.toMatch(/3001234567|"Ana"/);
  });
});
