import type { z } from 'zod';
import { type FieldError, PeopleError } from './errors';

type Issue = z.core.$ZodIssue;

function fieldType(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'missing' : `${issue.expected}_type`;
    case 'invalid_value':
      return 'enum';
    case 'too_small':
      return issue.origin === 'string' ? 'string_too_short' : 'greater_than_equal';
    case 'too_big':
      return issue.origin === 'string' ? 'string_too_long' : 'less_than_equal';
    case 'invalid_format':
      return 'string_pattern_mismatch';
    case 'custom':
      return typeof issue.params?.type === 'string' ? issue.params.type : 'value_error';
    default:
      return 'value_error';
  }
}

/**
 * Every invalid field of one parse, one entry each (an unknown key is a field of its own). An issue
 * with the value as a whole is reported under `rootField`: the request body, unless the value is
 * one named argument.
 */
export function fieldErrors(issues: readonly Issue[], rootField = 'body'): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({ field: key, message: 'Unknown field: not part of a person', type: 'extra_forbidden' });
      }
      continue;
    }
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : rootField;
    if (seen.has(field)) continue;
    seen.add(field);
    const message = field === 'body' && issue.code === 'invalid_type' ? 'Must be a JSON object' : issue.message;
    errors.push({ field, message, type: fieldType(issue) });
  }
  return errors;
}

/**
 * Parses `input` with `schema`, or throws a BAD_USER_INPUT PeopleError naming every invalid field; `field`
 * names the input when it is a single argument rather than a body.
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown, field?: string): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  throw PeopleError.invalidInput(fieldErrors(result.error.issues, field));
}
