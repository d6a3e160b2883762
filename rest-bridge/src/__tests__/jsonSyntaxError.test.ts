import { locateJsonSyntaxError } from '../http/jsonSyntaxError';

/** Each text with the position and sentence CPython 3.11's `json.loads` raised for it. */
const PYTHON_ANSWERS: [string, number, string][] = [
  ['{"document_id": ', 16, 'Expecting value'],
  ['{,}', 1, 'Expecting property name enclosed in double quotes'],
  ['x', 0, 'Expecting value'],
  ['{"a":1,}', 7, 'Expecting property name enclosed in double quotes'],
  ['[1,]', 3, 'Expecting value'],
  ['{"a" 1}', 5, "Expecting ':' delimiter"],
  ['{"a":1 "b":2}', 7, "Expecting ',' delimiter"],
  ['"abc', 0, 'Unterminated string starting at'],
  ['{"a":"b\\qc"}', 7, 'Invalid \\escape'],
  ['{"a":"\u0001"}', 6, 'Invalid control character at'],
  ['{} x', 3, 'Extra data'],
  ['  ', 2, 'Expecting value'],
  ['{"a":tru}', 5, 'Expecting value'],
  ['{"a":-}', 5, 'Expecting value'],
  ['{"ñ€😀":x}', 7, 'Expecting value'],
  ['[1 2]', 3, "Expecting ',' delimiter"],
  ['{"a":"\\u12G4"}', 7, 'Invalid \\uXXXX escape'],
  ['01', 1, 'Extra data'],
  ['{"a":1}}', 7, 'Extra data'],
  ['nul', 0, 'Expecting value'],
];

describe("locateJsonSyntaxError (Python's json.loads, for the legacy json_invalid answer)", () => {
  it.each(PYTHON_ANSWERS)('%j: position %i, %s', (text, pos, error) => {
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(locateJsonSyntaxError(text)).toEqual({ pos, error });
  });
});
