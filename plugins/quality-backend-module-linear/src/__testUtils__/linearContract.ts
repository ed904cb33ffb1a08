import fs from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  executeSync,
  getNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  isLeafType,
  isObjectType,
  Kind,
  parse,
  SelectionSetNode,
  validate,
  ValueNode,
} from 'graphql';
import { vendorApisFolder } from '@quality-pulse/plugin-quality-node/testUtils';

/**
 * Linear's published GraphQL schema (the SDK's `schema.graphql`, in
 * `../shared/vendor-apis/linear`) and its documented query complexity: each
 * property 0.1 point, each object 1 point, a connection multiplies what it
 * holds by its page size (`first`/`last`, 50 when not given), rounded up; a
 * single query may cost at most 10,000 points.
 */
export const LINEAR_COMPLEXITY_LIMIT = 10_000;

let schema: GraphQLSchema | undefined | null;

/** The schema, or undefined (with a warning) when the descriptions are missing outside CI. */
export function linearSchema(): GraphQLSchema | undefined {
  if (schema !== undefined) return schema ?? undefined;
  const file = path.join(vendorApisFolder(), 'linear/schema.graphql');
  if (!fs.existsSync(file)) {
    const message = `Linear's schema ${file} is missing: contract checks need ../shared/vendor-apis beside the repository (or QUALITY_VENDOR_APIS pointing at it)`;
    if (process.env.CI) throw new Error(message);
    // eslint-disable-next-line no-console
    console.warn(`${message}; queries run unchecked.`);
    schema = null;
    return undefined;
  }
  schema = buildSchema(fs.readFileSync(file, 'utf8'));
  return schema;
}

function pageSize(
  args: readonly { name: { value: string }; value: ValueNode }[] = [],
  variables: Record<string, unknown>,
): number {
  for (const arg of args) {
    if (arg.name.value !== 'first' && arg.name.value !== 'last') continue;
    if (arg.value.kind === Kind.INT) return Number(arg.value.value);
    if (arg.value.kind === Kind.VARIABLE) {
      const given = variables[arg.value.name.value];
      if (typeof given === 'number') return given;
    }
  }
  return 50;
}

function costOf(
  selections: SelectionSetNode,
  type: GraphQLObjectType,
  variables: Record<string, unknown>,
): number {
  let cost = 0;
  for (const selection of selections.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    const field = type.getFields()[selection.name.value];
    if (!field) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named) || !selection.selectionSet || !isObjectType(named)) {
      cost += 0.1;
      continue;
    }
    const inner = costOf(selection.selectionSet, named, variables);
    cost += named.name.endsWith('Connection')
      ? pageSize(selection.arguments, variables) * inner
      : 1 + inner;
  }
  return cost;
}

/** A query's complexity by Linear's published formula. */
export function linearComplexity(
  query: string,
  variables: Record<string, unknown> = {},
): number {
  const document = parse(query);
  const root = linearSchema()?.getQueryType();
  if (!root) return 0;
  let cost = 0;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      cost += costOf(definition.selectionSet, root, variables);
    }
  }
  return Math.ceil(cost);
}

/** What is wrong with a query against the published schema and the complexity limit. */
export function linearQueryErrors(
  query: string,
  variables: Record<string, unknown> = {},
): string[] {
  const published = linearSchema();
  if (!published) return [];
  const errors = validate(published, parse(query)).map(e => e.message);
  const complexity = linearComplexity(query, variables);
  if (complexity > LINEAR_COMPLEXITY_LIMIT) {
    errors.push(
      `complexity ${complexity} is over Linear's limit of ${LINEAR_COMPLEXITY_LIMIT}`,
    );
  }
  return errors;
}

/**
 * What is wrong with an answer to `query`: the data is read back through the
 * published schema (each field taken from the answer by its response key),
 * so a missing non-null field, a list where an object belongs or a value a
 * scalar or enum does not take is an error, as a client built on the schema
 * would find it.
 */
export function linearResponseErrors(
  query: string,
  variables: Record<string, unknown>,
  data: unknown,
): string[] {
  const published = linearSchema();
  if (!published) return [];
  const result = executeSync({
    schema: published,
    document: parse(query),
    rootValue: data,
    variableValues: variables,
    fieldResolver: (source, _args, _context, info) =>
      source?.[info.path.key as string],
  });
  return (result.errors ?? []).map(
    e => `answer at ${e.path?.join('.') ?? '(root)'}: ${e.message}`,
  );
}
