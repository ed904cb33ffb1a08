/**
 * How a published description is read before the validator sees it: data
 * keywords left out, references into examples inlined, OpenAPI 3.0's
 * `nullable` spelt out, large documents cut to the paths a module calls and
 * paths a vendor answers without listing them added as aliases.
 */

/**
 * Keywords that carry data, not rules: examples hold objects with `id`
 * fields that Ajv would take for schema ids, and vendor extensions the same.
 * `readOnly`/`writeOnly` go too: the validator drops readOnly properties
 * before checking a schema's `required` list (PagerDuty's references), which
 * makes a complete reference look incomplete.
 */
export function withoutExamples(node: unknown, parentKey?: string): unknown {
  if (Array.isArray(node)) return node.map(n => withoutExamples(n));
  if (!node || typeof node !== 'object') return node;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const data =
      key === 'example' ||
      key === 'examples' ||
      key === 'readOnly' ||
      key === 'writeOnly' ||
      key.startsWith('x-');
    // Under properties and headers, keys are names (x-rate-limit-limit).
    if (parentKey !== 'properties' && parentKey !== 'headers' && data) continue;
    kept[key] = withoutExamples(value, key);
  }
  return kept;
}

/**
 * References that point into an example (ClickUp's reference reuses
 * schemas that way) are replaced by what they point at, before examples go.
 */
export function inlineRefsIntoExamples(root: any): any {
  const resolve = (pointer: string) =>
    pointer
      .slice(2)
      .split('/')
      .map(part =>
        decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~')),
      )
      .reduce((node: any, key) => node?.[key], root);
  const visit = (node: any, depth: number): any => {
    if (Array.isArray(node)) return node.map(n => visit(n, depth));
    if (!node || typeof node !== 'object') return node;
    const ref = node.$ref;
    if (typeof ref === 'string' && /\/examples?\//.test(ref) && depth < 20) {
      return visit(structuredClone(resolve(ref)), depth + 1);
    }
    for (const key of Object.keys(node)) node[key] = visit(node[key], depth);
    return node;
  };
  return visit(root, 0);
}

/**
 * `nullable: true` beside `allOf`/`anyOf` and no `type` (GitHub writes a
 * nullable milestone so) means "this, or null" to its authors and to real
 * answers; the validator refuses the schema, so it is written out as that.
 * Beside an `enum`, the validator wants null listed among the values.
 */
export function readNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(readNullable);
  if (!node || typeof node !== 'object') return node;
  const kept: Record<string, unknown> = Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, readNullable(value)]),
  );
  if (kept.nullable !== true) return kept;
  if (Array.isArray(kept.enum) && !kept.enum.includes(null)) {
    kept.enum = [...kept.enum, null];
  }
  if ('type' in kept) return kept;
  const { nullable, ...schema } = kept;
  return { anyOf: [schema, { enum: [null] }] };
}

/** Formats the description names that Ajv does not know (tzinfo, …): accepted as given. */
export function formatsIn(
  node: unknown,
  into = new Set<string>(),
): Set<string> {
  if (Array.isArray(node)) node.forEach(n => formatsIn(n, into));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'format' && typeof value === 'string') into.add(value);
      else formatsIn(value, into);
    }
  }
  return into;
}

export const KNOWN_FORMATS = new Set([
  'date',
  'time',
  'date-time',
  'duration',
  'uri',
  'uri-reference',
  'uri-template',
  'url',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'regex',
  'uuid',
  'json-pointer',
  'relative-json-pointer',
  'byte',
  'int32',
  'int64',
  'float',
  'double',
  'password',
  'binary',
]);

export const decodePointer = (part: string) =>
  decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~'));

/** `paths` of the description and every component they reach, nothing more. */
export function onlyPaths(spec: any, paths: string[]): any {
  const components: Record<string, Record<string, unknown>> = {};
  const seen = new Set<string>();
  const visit = (node: any): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return undefined;
    const ref = node.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/')) {
      if (seen.has(ref)) return undefined;
      seen.add(ref);
      const [kind, name] = ref.split('/').slice(2).map(decodePointer);
      const target = spec.components?.[kind]?.[name];
      (components[kind] ??= {})[name] = target;
      visit(target);
    }
    return Object.values(node).forEach(visit);
  };
  const kept = Object.fromEntries(paths.map(p => [p, spec.paths[p]]));
  visit(kept);
  // Headers are few and small; kept whole for errorsAt.
  components.headers = spec.components?.headers ?? {};
  return { ...spec, paths: kept, components };
}

/** Each alias described as its path, with the alias's own path parameters. */
export function withAliases(spec: any, aliases: Record<string, string>) {
  for (const [alias, listed] of Object.entries(aliases)) {
    const names = [...alias.matchAll(/\{(\w+)\}/g)].map(m => m[1]);
    const operations = structuredClone(spec.paths[listed]);
    for (const operation of Object.values<any>(operations)) {
      if (!operation?.parameters) continue;
      const resolved = operation.parameters.map((p: any) =>
        p.$ref
          ? p.$ref
              .split('/')
              .slice(1)
              .map(decodePointer)
              .reduce((node: any, key: string) => node?.[key], spec)
          : p,
      );
      operation.parameters = [
        ...resolved.filter(
          (p: any) => p.in !== 'path' || names.includes(p.name),
        ),
        ...names
          .filter(
            name =>
              !resolved.some((p: any) => p.in === 'path' && p.name === name),
          )
          .map(name => ({
            name,
            in: 'path',
            required: true,
            schema: { type: 'integer' },
          })),
      ];
    }
    spec.paths[alias] = operations;
  }
  return spec;
}
