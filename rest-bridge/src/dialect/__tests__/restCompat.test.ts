import { ErrorCode, HTTP_STATUS } from '@people/domain';
import { legacyCreateBody, legacyUpdateBody, restStatus } from '..';

describe('the REST compatibility modes', () => {
  it('legacy answers 400 where strict has 409, 413 and 415, and keeps every other status', () => {
    const legacyOnly = new Set([ErrorCode.Conflict, ErrorCode.PayloadTooLarge, ErrorCode.UnsupportedMediaType]);
    for (const code of Object.values(ErrorCode)) {
      expect(restStatus(code, 'strict')).toBe(HTTP_STATUS[code]);
      expect(restStatus(code, 'legacy')).toBe(legacyOnly.has(code) ? 400 : HTTP_STATUS[code]);
    }
  });

  it('drops the fields the older DTOs did not declare, and leaves a non-object to validation', () => {
    expect(legacyCreateBody({ document_id: '1', nickname: 'x', $where: 'y', created_at: 'z' })).toEqual({
      document_id: '1',
      created_at: 'z',
    });
    expect(legacyUpdateBody({ document_id: '2', document_type: 'Cédula', first_name: 'Eva', nickname: 'x' })).toEqual({
      first_name: 'Eva',
    });
    for (const body of [null, [1], 'text', 42, undefined]) {
      expect(legacyCreateBody(body)).toBe(body);
      expect(legacyUpdateBody(body)).toBe(body);
    }
  });
});
