import {
  Kind,
  getArgumentValues,
  getNamedType,
  getVariableValues,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * What one field costs: a scalar 1, an object 2 plus its selection, and a field with a `first`
 * argument its selection once per item asked for. With the default GATEWAY_MAX_COST (5000) the
 * largest page with every field (about 2,200) passes, twice over, while fifteen aliased pages of
 * 100 (at least 500 each) do not.
 */
const SCALAR_COST = 1;
const OBJECT_COST = 2;

/** The list size a field asks for: its `first` argument as the request gives it (literal, variable or default). */
function pageSize(args: Record<string, unknown>, countedPageLimit: number): number {
  const first = args.first;
  return typeof first === 'number' && Number.isInteger(first) && first > 1 ? Math.min(first, countedPageLimit) : 1;
}

/**
 * Per schema and operation (Apollo keeps one parsed document per query text), the cost of an
 * operation in which no field takes `first`: neither its variables nor the page limit can change
 * it, so it is computed once. `null` marks an operation whose cost has to be computed every time.
 */
const fixedCosts = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, number | null>>();

/**
 * The cost of running `operation` with `variables`, read through the schema so that `first` counts
 * whether it is written in the document, passed as a variable or left to its default. A `first`
 * above `countedPageLimit` counts as that limit: the bridge's trusted pages cost what a public page
 * of the largest size costs.
 */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  countedPageLimit = Number.POSITIVE_INFINITY,
): number {
  let known = fixedCosts.get(schema);
  if (!known) {
    known = new WeakMap();
    fixedCosts.set(schema, known);
  }
  const fixed = known.get(operation);
  if (typeof fixed === 'number') return fixed;
  // Coerced as execution will coerce them, defaults included; variables that do not fit their types
  // are refused before anything runs, so they cost nothing here.
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  const variableValues = coerced.coerced ?? {};
  // A fragment spread many times costs one walk: a document of nested spreads cannot make this exponential.
  const fragmentCosts = new Map<string, number>();
  // Whether a field on the way takes `first`, and so whether variables can change the cost.
  const seen = { paged: false };

  function selectionCost(selectionSet: SelectionSetNode, parent: GraphQLCompositeType): number {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments[name];
        if (!fragment) continue;
        let fragmentCost = fragmentCosts.get(name);
        if (fragmentCost === undefined) {
          const type = schema.getType(fragment.typeCondition.name.value);
          fragmentCost = isCompositeType(type) ? selectionCost(fragment.selectionSet, type) : 0;
          fragmentCosts.set(name, fragmentCost);
        }
        cost += fragmentCost;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (isCompositeType(type)) cost += selectionCost(selection.selectionSet, type);
      } else {
        const name = selection.name.value;
        // Introspection is off in production and answered by the gateway alone.
        if (name === '__schema' || name === '__type') continue;
        const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
        const type = field ? getNamedType(field.type) : undefined;
        if (!field || !selection.selectionSet || !isCompositeType(type)) {
          cost += SCALAR_COST;
          continue;
        }
        if (field.args.some((arg) => arg.name === 'first')) seen.paged = true;
        let args: Record<string, unknown> = {};
        try {
          args = getArgumentValues(field, selection, variableValues);
        } catch {
          // An argument that does not fit its type: execution refuses it before anything runs.
        }
        cost += OBJECT_COST + pageSize(args, countedPageLimit) * selectionCost(selection.selectionSet, type);
      }
    }
    return cost;
  }

  const root = schema.getRootType(operation.operation);
  const cost = root ? selectionCost(operation.selectionSet, root) : 0;
  if (fixed === undefined) known.set(operation, seen.paged ? null : cost);
  return cost;
}
