import { buildSchema, getVariableValues, parse, type OperationDefinitionNode } from 'graphql';
import { variablesCheck } from '../../fastPath/variablesCheck';

const schema = buildSchema(`
  enum Kind { A B }
  input Filter { kind: Kind }
  type Query { f(id: ID, s: String, i: Int, x: Float, b: Boolean, k: Kind, filter: Filter): Int }
`);

const VALUES: unknown[] = [
  undefined,
  null,
  '',
  '12',
  'A',
  0,
  7,
  -3,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31),
  -(2 ** 31) - 1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  {},
  [],
  ['12'],
  { kind: 'A' },
];

const OPERATIONS = [
  'query Q($v: ID!) { f(id: $v) }',
  'query Q($v: ID) { f(id: $v) }',
  'query Q($v: String!) { f(s: $v) }',
  'query Q($v: Int!) { f(i: $v) }',
  'query Q($v: Int) { f(i: $v) }',
  'query Q($v: Float!) { f(x: $v) }',
  'query Q($v: Boolean!) { f(b: $v) }',
  'query Q($v: Int = 3) { f(i: $v) }',
  'query Q($v: Kind!) { f(k: $v) }',
  'query Q($v: Filter) { f(filter: $v) }',
  'query Q($v: [ID!]) { f(id: "1") }',
];

describe("the known operations' variables check", () => {
  it.each(OPERATIONS)('%s: accepts exactly what graphql-js accepts', (query) => {
    const operation = parse(query).definitions[0] as OperationDefinitionNode;
    const definitions = operation.variableDefinitions ?? [];
    const check = variablesCheck(schema, definitions);
    const disagreements = [
      ...VALUES.map((value) => ({ v: value })),
      {},
      { v: 'A', unrelated: Symbol('ignored') },
    ].filter(
      (variables) => check(variables) !== (getVariableValues(schema, definitions, variables).errors === undefined),
    );
    expect(disagreements).toEqual([]);
  });

  it('accepts any variables for an operation that defines none', () => {
    expect(variablesCheck(schema, [])({ v: 1 })).toBe(true);
  });
});
