/** Most distinct operation names one metric keeps; later names share one label value. */
export const MAX_OPERATION_NAMES = 100;
export const OTHER_OPERATION = 'other';
export const ANONYMOUS_OPERATION = 'anonymous';

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;

/**
 * Keeps label values bounded whatever clients send: the first `max` well-formed names are kept
 * as they are, anything else becomes `other`, and an operation without a name `anonymous`.
 */
export function operationNameLabels(max = MAX_OPERATION_NAMES): (name: string | null | undefined) => string {
  const seen = new Set<string>();
  return (name) => {
    if (!name) return ANONYMOUS_OPERATION;
    if (seen.has(name)) return name;
    if (!OPERATION_NAME.test(name) || seen.size >= max) return OTHER_OPERATION;
    seen.add(name);
    return name;
  };
}
