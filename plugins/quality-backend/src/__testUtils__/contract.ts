// Test helper: checks a response body against a schema of openapi.yaml.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { spec } from '../schema/openapi/generated/router';
import { withExplicitNulls } from '../schema/explicitNulls';

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
// Ajv reads OpenAPI 3.0's `nullable` beside a `type`; see withExplicitNulls for the rest.
ajv.addSchema(withExplicitNulls(spec) as object, 'quality');

/** Returns the validation errors of `body` against `#/components/schemas/<name>`, or [] when it conforms. */
export function contractErrors(
  body: unknown,
  name: keyof typeof spec.components.schemas,
): string[] {
  const validate = ajv.getSchema(`quality#/components/schemas/${String(name)}`);
  if (!validate) {
    throw new Error(`No schema ${String(name)} in openapi.yaml`);
  }
  return validate(body)
    ? []
    : (validate.errors ?? []).map(e => `${e.instancePath} ${e.message}`);
}
