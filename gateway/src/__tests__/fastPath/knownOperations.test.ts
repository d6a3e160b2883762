import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { MAX_KNOWN_BODY_BYTES } from '@people/platform';
import { KnownOperations, type KnownOperation } from '../../fastPath/knownOperations';

const schema = buildSchema('type Query { a: Int }');

function known(query: string, operationName?: string): KnownOperation {
  const document = parse(query);
  return {
    query,
    operationName,
    schema,
    operation: document.definitions[0] as OperationDefinitionNode,
    fetch: { serviceName: 'read', operation: query, operationName, document, variableUsages: [] },
    variablesValid: () => true,
  };
}

describe('the table of known operations', () => {
  it('finds an operation by its exact text and name only', () => {
    const table = new KnownOperations();
    table.learn(known('query Q { a }', 'Q'));
    expect(table.find('query Q { a }', 'Q')?.operationName).toBe('Q');
    expect(table.find('query Q { a }', undefined)).toBeUndefined();
    expect(table.find('query Q {  a }', 'Q')).toBeUndefined();
  });

  it('keeps no text longer than a body read below express may be, so it holds at most 1,000 such texts', () => {
    const table = new KnownOperations();
    const padded = `{ a }${' '.repeat(MAX_KNOWN_BODY_BYTES)}`;
    table.learn(known(padded));
    expect(table.size).toBe(0);
    for (let index = 0; index < 1000; index += 1) table.learn(known(`{ a }${' '.repeat(index)}`));
    expect(table.size).toBe(1000);
    table.learn(known('{ a } # one more'));
    expect(table.size).toBe(1);
    expect(table.find('{ a } # one more', undefined)).toBeDefined();
  });
});
