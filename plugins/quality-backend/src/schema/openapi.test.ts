import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { spec } from './openapi/generated/router';
import { contractErrors } from '../__testUtils__/contract';

describe('OpenAPI contract', () => {
  it('the generated spec the router validates with is the YAML document', () => {
    const yaml = parse(
      fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
    );
    // If this fails: scripts/generate-openapi.sh
    expect(spec).toEqual(yaml);
  });

  it('reads nullable as "this or null" and a time pattern as a time', () => {
    const review = {
      outcome: 'recurred',
      notes: null,
      recordedAt: '2026-12-01T10:00:00Z',
    };
    expect(contractErrors(review, 'FollowUpReview')).toEqual([]);
    expect(
      contractErrors({ ...review, recordedAt: 'yesterday' }, 'FollowUpReview'),
    ).toEqual([expect.stringContaining('/recordedAt must match pattern')]);
    expect(
      contractErrors({ ...review, outcome: null }, 'FollowUpReview'),
    ).not.toEqual([]);
  });
});
