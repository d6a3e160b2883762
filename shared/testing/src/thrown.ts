/** What `fn` throws, or undefined when it returns. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

/**
 * The fields a `BAD_USER_INPUT` error from `parse` names, as `{ field: type }`. Anything else it
 * throws is rethrown, and accepting the input fails the test.
 */
export function invalidFieldTypes(parse: () => unknown): Record<string, string> {
  const error = thrownBy(parse);
  if (error === undefined) throw new Error('expected the input to be rejected');
  const { code, fields } = error as { code?: unknown; fields?: unknown };
  if (code !== 'BAD_USER_INPUT' || !Array.isArray(fields)) {
    throw error instanceof Error ? error : new Error(`expected BAD_USER_INPUT, got ${JSON.stringify(error)}`);
  }
  return Object.fromEntries((fields as { field: string; type: string }[]).map((f) => [f.field, f.type]));
}
