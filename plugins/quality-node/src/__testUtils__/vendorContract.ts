import fs from 'node:fs';
import path from 'node:path';
import $RefParser from '@apidevtools/json-schema-ref-parser';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import Ajv from 'ajv';
import express from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import YAML from 'yaml';
import {
  decodePointer,
  formatsIn,
  inlineRefsIntoExamples,
  KNOWN_FORMATS,
  onlyPaths,
  readNullable,
  withAliases,
  withoutExamples,
} from './descriptionReading';

/**
 * A vendor's published API description (`../shared/vendor-apis`, see its
 * README), turned into express middleware that checks every request a fake
 * vendor receives and every response it sends — method, path, query
 * parameters, body, status — with express-openapi-validator, plus the
 * response headers the description declares.
 * @public
 */
export interface VendorContract {
  /** The description's file, relative to the vendor-apis folder, or a package's file. */
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
  /**
   * Errors of `value` against the schema at `pointer` (`#/components/…`):
   * for what the description defines once but no operation we call declares
   * (an error body, a rate-limit header). Text is coerced as headers are.
   */
  errorsAt(pointer: string, value: unknown): string[];
}

/**
 * Which part of a description to load, and what it leaves unlisted.
 * @public
 */
export interface VendorContractOptions {
  /**
   * Only these paths, with the components they reach: GitHub's 13 MB
   * document is too large to resolve whole.
   */
  paths?: string[];
  /**
   * Paths the vendor answers but does not list (GitHub redirects a
   * transferred issue to `/repositories/{repository_id}/…`), each described
   * as the listed path it stands for; path parameters follow the template.
   */
  aliases?: Record<string, string>;
}

/**
 * Where the descriptions are: QUALITY_VENDOR_APIS, else `../shared/vendor-apis` beside the repository.
 * @public
 */
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

/** A vendor-apis file, or a file of an installed package (`@octokit/openapi/…`). */
function locate(file: string): string {
  return file.startsWith('@')
    ? require.resolve(file)
    : path.join(vendorApisFolder(), file);
}

async function prepare(
  file: string,
  options: VendorContractOptions,
): Promise<VendorContract> {
  const text = fs.readFileSync(locate(file), 'utf8');
  // FireHydrant publishes YAML; the others JSON.
  let raw = /\.ya?ml$/.test(file) ? YAML.parse(text) : JSON.parse(text);
  if (options.paths) raw = onlyPaths(raw, options.paths);
  if (options.aliases) raw = withAliases(raw, options.aliases);
  let spec: any = readNullable(withoutExamples(inlineRefsIntoExamples(raw)));
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
  const formats = Object.fromEntries(
    [...formatsIn(spec)]
      .filter(format => !KNOWN_FORMATS.has(format))
      .map(name => [name, { type: 'string' as const, validate: () => true }]),
  );
  const middleware = OpenApiValidator.middleware({
    apiSpec: spec,
    validateRequests: { allowUnknownQueryParameters: false },
    validateResponses: true,
    validateSecurity: false,
    validateApiSpec: false,
    ignoreUndocumented: false,
    formats,
  });
  const ajv = new Ajv({ strict: false, coerceTypes: true, formats });
  const exact = new Ajv({ strict: false, formats });
  return {
    file,
    middleware,
    errorsAt(pointer, value) {
      const node = pointer
        .split('/')
        .slice(1)
        .map(decodePointer)
        .reduce((at: any, key) => at?.[key], spec);
      if (!node) return [`${pointer} is not in ${file}`];
      // A header's definition holds its schema and its value is text; a
      // body's schema is itself, and checked without coercion.
      const validator = node.schema ? ajv : exact;
      const validate = validator.compile({
        type: 'object',
        properties: { value: node.schema ?? node },
      });
      return validate({ value })
        ? []
        : [`${pointer}: ${validator.errorsText(validate.errors)}`];
    },
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
 * @public
 */
export async function vendorContract(
  file: string,
  options: VendorContractOptions = {},
): Promise<VendorContract | undefined> {
  const location = locate(file);
  if (!fs.existsSync(location)) {
    const message = `Vendor API description ${location} is missing: contract checks need ../shared/vendor-apis beside the repository (or QUALITY_VENDOR_APIS pointing at it)`;
    if (process.env.CI) throw new Error(message);
    // eslint-disable-next-line no-console
    console.warn(`${message}; the fake runs unchecked.`);
    return undefined;
  }
  const key = JSON.stringify([file, options]);
  if (!prepared.has(key)) prepared.set(key, prepare(file, options));
  return prepared.get(key)!;
}
