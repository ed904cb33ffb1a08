import fs from 'node:fs';
import path from 'node:path';
import $RefParser from '@apidevtools/json-schema-ref-parser';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import Ajv from 'ajv';
import express from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import YAML from 'yaml';

/**
 * A vendor's published API description (`../shared/vendor-apis`, see its
 * README), turned into express middleware that checks every request a fake
 * vendor receives and every response it sends — method, path, query
 * parameters, body, status — with express-openapi-validator, plus the
 * response headers the description declares.
 */
export interface VendorContract {
  /** The description's file, relative to the vendor-apis folder. */
  file: string;
  middleware: express.RequestHandler[];
  /** Errors of the headers of a response the description declares for (route, status). */
  headerErrors(
    openapi: { schema?: { responses?: Record<string, any> } } | undefined,
    status: number,
    headers: Record<string, string>,
  ): string[];
  /** The response definitions of a matched operation, by status. */
  responsesOf(openapi: unknown): Record<string, any> | undefined;
}

/** Where the descriptions are: QUALITY_VENDOR_APIS, else `../shared/vendor-apis` beside the repository. */
export function vendorApisFolder(): string {
  return (
    process.env.QUALITY_VENDOR_APIS ??
    path.resolve(
      resolvePackagePath('@quality-pulse/plugin-quality-node'),
      '../../../shared/vendor-apis',
    )
  );
}

/**
 * Keywords that carry data, not rules: examples hold objects with `id`
 * fields that Ajv would take for schema ids, and vendor extensions the same.
 * `readOnly`/`writeOnly` go too: the validator drops readOnly properties
 * before checking a schema's `required` list (PagerDuty's references), which
 * makes a complete reference look incomplete.
 */
function withoutExamples(node: unknown, parentKey?: string): unknown {
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
    if (parentKey !== 'properties' && data) continue;
    kept[key] = withoutExamples(value, key);
  }
  return kept;
}

/**
 * References that point into an example (ClickUp's reference reuses
 * schemas that way) are replaced by what they point at, before examples go.
 */
function inlineRefsIntoExamples(root: any): any {
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

/** Formats the description names that Ajv does not know (tzinfo, …): accepted as given. */
function formatsIn(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach(n => formatsIn(n, into));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'format' && typeof value === 'string') into.add(value);
      else formatsIn(value, into);
    }
  }
  return into;
}

const KNOWN_FORMATS = new Set([
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

/**
 * Places where a published description contradicts itself, fixed before use
 * (and only these): each names what the description says and what holds.
 */
const SELF_CONTRADICTIONS: Record<
  string,
  Array<{ why: string; fix(spec: any): void }>
> = {
  'pagerduty/rest-openapiv3.json': [
    {
      why: 'AcknowledgeLogEntry types itself acknowledgement_log_entry, which its base LogEntry does not allow; LogEntry (and the API) say acknowledge_log_entry',
      fix: spec => {
        spec.components.schemas.AcknowledgeLogEntry.allOf[1].properties.type.enum =
          ['acknowledge_log_entry'];
      },
    },
    {
      why: 'statuses[] of GET /incidents is typed as one string, while its own description (and uniqueItems) says it is passed more than once',
      fix: spec => {
        const parameter = spec.components.parameters.statuses_incidents;
        const { uniqueItems, ...item } = parameter.schema;
        parameter.schema = { type: 'array', items: item, uniqueItems };
      },
    },
  ],
  'incident-io/public-schema-v3-including-secret-endpoints.json': [
    {
      why: 'filters such as updated_at[gte] are objects of string lists, where one value is sent once (a list of one); the validator does not read a lone deepObject value as a list, so one string is accepted too',
      fix: spec => {
        for (const parameter of spec.paths['/v2/incidents'].get.parameters) {
          const values = parameter.schema?.additionalProperties;
          if (parameter.in !== 'query' || values?.type !== 'array') continue;
          parameter.style = 'deepObject';
          parameter.schema.additionalProperties = {
            anyOf: [values.items, values],
          };
        }
      },
    },
  ],
};

const prepared = new Map<string, Promise<VendorContract>>();

async function prepare(file: string): Promise<VendorContract> {
  const text = fs.readFileSync(path.join(vendorApisFolder(), file), 'utf8');
  // FireHydrant publishes YAML; the others JSON.
  const raw = /\.ya?ml$/.test(file) ? YAML.parse(text) : JSON.parse(text);
  let spec: any = withoutExamples(inlineRefsIntoExamples(raw));
  for (const contradiction of SELF_CONTRADICTIONS[file] ?? []) {
    contradiction.fix(spec);
  }
  if (spec.swagger === '2.0') {
    // Opsgenie publishes Swagger 2.0: converted as the OpenAPI tools do.
    const { convertObj } = require('swagger2openapi');
    spec = (await convertObj(spec, { patch: true, warnOnly: true })).openapi;
  }
  // Resolved here once: the validator then sees no $ref into arrays or across files.
  spec = await $RefParser.dereference(spec, {
    dereference: { circular: 'ignore' },
  });
  const formats = [...formatsIn(spec)]
    .filter(format => !KNOWN_FORMATS.has(format))
    .map(name => ({ name, type: 'string' as const, validate: () => true }));
  const middleware = OpenApiValidator.middleware({
    apiSpec: spec,
    validateRequests: { allowUnknownQueryParameters: false },
    validateResponses: true,
    validateSecurity: false,
    validateApiSpec: false,
    ignoreUndocumented: false,
    formats,
  });
  const ajv = new Ajv({ strict: false, coerceTypes: true });
  return {
    file,
    middleware,
    responsesOf(openapi: any) {
      return openapi?.schema?.responses;
    },
    headerErrors(openapi, status, headers) {
      const responses = openapi?.schema?.responses ?? {};
      const declared =
        responses[String(status)]?.headers ?? responses.default?.headers ?? {};
      const errors: string[] = [];
      for (const [name, definition] of Object.entries<any>(declared)) {
        const value = Object.entries(headers).find(
          ([given]) => given.toLowerCase() === name.toLowerCase(),
        )?.[1];
        if (value === undefined || !definition?.schema) continue;
        // Header values are text: coerced to the declared type, then checked.
        const validate = ajv.compile({
          type: 'object',
          properties: { value: definition.schema },
        });
        if (!validate({ value })) {
          errors.push(
            `response header ${name}: ${ajv.errorsText(validate.errors)}`,
          );
        }
      }
      return errors;
    },
  };
}

/**
 * The contract of `file`, or undefined — with a warning saying what is
 * missing — when the descriptions are not there (a clone used elsewhere).
 * Under CI they must be: their absence fails the run.
 */
export async function vendorContract(
  file: string,
): Promise<VendorContract | undefined> {
  const location = path.join(vendorApisFolder(), file);
  if (!fs.existsSync(location)) {
    const message = `Vendor API description ${location} is missing: contract checks need ../shared/vendor-apis beside the repository (or QUALITY_VENDOR_APIS pointing at it)`;
    if (process.env.CI) throw new Error(message);
    // eslint-disable-next-line no-console
    console.warn(`${message}; the fake runs unchecked.`);
    return undefined;
  }
  if (!prepared.has(file)) prepared.set(file, prepare(file));
  return prepared.get(file)!;
}
