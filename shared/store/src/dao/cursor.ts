import { DOCUMENT_ID_PATTERN, PeopleError } from '@people/domain';

/** Cursors are the last `documentId` of a page, base64url-encoded so that clients treat them as opaque. */
export function encodeCursor(documentId: string): string {
  return Buffer.from(`p:${documentId}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const documentId = decoded.startsWith('p:') ? decoded.slice(2) : '';
  if (!DOCUMENT_ID_PATTERN.test(documentId) || encodeCursor(documentId) !== cursor) {
    throw PeopleError.invalidInput([
      { field: 'after', message: 'Not a cursor this service issued', type: 'value_error' },
    ]);
  }
  return documentId;
}
