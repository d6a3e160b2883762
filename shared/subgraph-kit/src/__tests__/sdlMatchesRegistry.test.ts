import fs from 'node:fs';
import path from 'node:path';
import {
  Kind,
  parse,
  print,
  type DefinitionNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
} from 'graphql';
import {
  CHANGEABLE_FIELD_NAMES,
  PERSON_FIELDS,
  PERSON_FIELD_NAMES,
  PERSON_KEY,
  SERVER_SET_FIELDS,
  personFields,
  type PersonField,
  type PersonFieldName,
} from '@people/domain';

/**
 * The SDL is written by hand; these tests hold it to the field registry, so that a field added to
 * one and not the other (or given another type or nullability) fails here.
 */

const root = path.join(__dirname, '../../../..');
const definitions: DefinitionNode[] = [
  'shared/subgraph-kit/schema/person.graphql',
  'subgraphs/create/schema.graphql',
  'subgraphs/update/schema.graphql',
].flatMap((file) => parse(fs.readFileSync(path.join(root, file), 'utf8')).definitions);

function named(kind: Kind.OBJECT_TYPE_DEFINITION | Kind.INPUT_OBJECT_TYPE_DEFINITION, name: string) {
  const found = definitions.find((definition) => definition.kind === kind && definition.name.value === name);
  if (found?.kind !== Kind.OBJECT_TYPE_DEFINITION && found?.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION) {
    throw new Error(`No ${name} in the SDL`);
  }
  return found;
}

/** Each field of a type or input as `name: Type` with its nullability, e.g. `{ firstName: 'String!' }`. */
function fieldTypes(fields: readonly (FieldDefinitionNode | InputValueDefinitionNode)[] | undefined) {
  return Object.fromEntries((fields ?? []).map((field) => [field.name.value, print(field.type)]));
}

/** The SDL enum whose values are exactly the choice's values. */
function enumOf(values: readonly string[]): string {
  const matches = definitions.flatMap((definition) =>
    definition.kind === Kind.ENUM_TYPE_DEFINITION &&
    JSON.stringify(definition.values?.map((value) => value.name.value)) === JSON.stringify(values)
      ? [definition.name.value]
      : [],
  );
  if (matches.length !== 1) throw new Error(`No single SDL enum has the values ${values.join(', ')}`);
  return matches[0] ?? '';
}

function graphqlType(name: PersonFieldName, field: PersonField): string {
  switch (field.kind) {
    case 'text':
      return name === PERSON_KEY ? 'ID' : 'String';
    case 'choice':
      return enumOf(field.values);
    case 'pastDate':
      return 'Date';
  }
}

const SERVER_SET_TYPES = { url: 'String', instant: 'DateTime' } as const;

function expected(names: readonly PersonFieldName[], nullable: (field: PersonField) => boolean) {
  return Object.fromEntries(
    names.map((name) => {
      const field = PERSON_FIELDS[name];
      return [name, `${graphqlType(name, field)}${nullable(field) ? '' : '!'}`];
    }),
  );
}

describe('the GraphQL SDL and the Person field registry', () => {
  it('Person has every registry field and every server-set field, with their types and nullability', () => {
    const serverSet = Object.fromEntries(
      Object.entries(SERVER_SET_FIELDS).map(([name, field]) => [
        name,
        `${SERVER_SET_TYPES[field.kind]}${field.optional ? '' : '!'}`,
      ]),
    );
    expect(fieldTypes(named(Kind.OBJECT_TYPE_DEFINITION, 'Person').fields)).toEqual({
      ...expected(PERSON_FIELD_NAMES, (field) => field.optional !== false),
      ...serverSet,
    });
  });

  it('CreatePersonInput takes every registry field, required unless the field is optional', () => {
    expect(fieldTypes(named(Kind.INPUT_OBJECT_TYPE_DEFINITION, 'CreatePersonInput').fields)).toEqual(
      expected(PERSON_FIELD_NAMES, (field) => field.optional !== false),
    );
  });

  it('UpdatePersonInput takes every field but the key, each one nullable', () => {
    expect(fieldTypes(named(Kind.INPUT_OBJECT_TYPE_DEFINITION, 'UpdatePersonInput').fields)).toEqual(
      expected(CHANGEABLE_FIELD_NAMES, () => true),
    );
  });

  it('names every field once over REST and in the store', () => {
    const rest = personFields().map(([, field]) => field.rest);
    const store = personFields().map(([, field]) => field.store);
    expect(new Set(rest).size).toBe(rest.length);
    expect(new Set(store).size).toBe(store.length);
  });
});
