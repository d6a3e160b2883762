import { Kind, getVariableValues, type GraphQLSchema, type TypeNode, type VariableDefinitionNode } from 'graphql';

/** Whether a request's variables are valid for an operation, as graphql-js's `getVariableValues` decides. */
export type VariablesCheck = (variables: Record<string, unknown>) => boolean;

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** What each built-in scalar accepts as a variable value (graphql-js's parseValue), ID as text only. */
const SCALAR_VALUES: Readonly<Record<string, (value: unknown) => boolean>> = {
  ID: (value) => typeof value === 'string',
  String: (value) => typeof value === 'string',
  Int: (value) => Number.isInteger(value) && (value as number) >= INT_MIN && (value as number) <= INT_MAX,
  Float: (value) => typeof value === 'number' && Number.isFinite(value),
  Boolean: (value) => typeof value === 'boolean',
};

interface SimpleVariable {
  name: string;
  required: boolean;
  accepts: (value: unknown) => boolean;
}

/** A definition of a built-in scalar, or its non-null form, without a default; undefined for any other. */
function simpleVariable(definition: VariableDefinitionNode): SimpleVariable | undefined {
  if (definition.defaultValue !== undefined) return undefined;
  const required = definition.type.kind === Kind.NON_NULL_TYPE;
  const named: TypeNode = definition.type.kind === Kind.NON_NULL_TYPE ? definition.type.type : definition.type;
  if (named.kind !== Kind.NAMED_TYPE) return undefined;
  const accepts = SCALAR_VALUES[named.name.value];
  return accepts ? { name: definition.variable.name.value, required, accepts } : undefined;
}

/**
 * The variables check of one operation, made once. Definitions of built-in scalars without defaults
 * (every operation the bridge sends) are checked by type alone; a value the simple check does not
 * accept, and any other definition, goes to graphql-js, which decides. A simple check accepts only
 * what graphql-js accepts, so the answer is the same either way.
 */
export function variablesCheck(schema: GraphQLSchema, definitions: readonly VariableDefinitionNode[]): VariablesCheck {
  const full: VariablesCheck = (variables) => getVariableValues(schema, definitions, variables).errors === undefined;
  if (definitions.length === 0) return () => true;
  const simple = definitions.map(simpleVariable);
  if (simple.some((variable) => variable === undefined)) return full;
  const variables = simple as SimpleVariable[];
  return (values) => {
    for (const { name, required, accepts } of variables) {
      const value = values[name];
      if (value === undefined || value === null ? required : !accepts(value)) return full(values);
    }
    return true;
  };
}
