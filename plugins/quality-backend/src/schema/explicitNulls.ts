/**
 * The contract says "this or null" of a referenced schema the way OpenAPI 3.0
 * tools read it, `allOf: [$ref]` beside `nullable: true`, which the generator
 * turns into `X | null`. Ajv (the request validator, the contract tests)
 * refuses `nullable` without `type`; for it such a schema becomes "this, or
 * exactly null", which says the same in a form it accepts.
 */
export function withExplicitNulls<T>(document: T): T {
  return rewrite(document) as T;
}

const EXACTLY_NULL = { type: 'string', nullable: true, enum: [null] };

function rewrite(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(rewrite);
  }
  if (!node || typeof node !== 'object') {
    return node;
  }
  const schema = Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, rewrite(value)]),
  );
  if (schema.nullable !== true || 'type' in schema) {
    return schema;
  }
  const { nullable: _nullable, description, ...rest } = schema;
  return {
    ...(description === undefined ? {} : { description }),
    anyOf: [rest, EXACTLY_NULL],
  };
}
