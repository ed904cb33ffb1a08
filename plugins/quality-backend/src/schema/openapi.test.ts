import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { spec } from './openapi.generated';

describe('OpenAPI contract', () => {
  it('the generated spec the router validates with is the YAML document', () => {
    const yaml = parse(
      fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
    );
    // If this fails: node scripts/generate-openapi.mjs
    expect(spec).toEqual(yaml);
  });
});
