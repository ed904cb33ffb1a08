import { Entity } from '@backstage/catalog-model';
import {
  ALL_QUALITY_ANNOTATIONS,
  BUG_TRACKER_ANNOTATIONS,
  INCIDENT_TOOL_ANNOTATIONS,
  isQualityConfigured,
} from './annotations';

const component = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', annotations },
  spec: { type: 'service', owner: 'group:default/payments-squad' },
});

describe('isQualityConfigured', () => {
  it.each(ALL_QUALITY_ANNOTATIONS.map(annotation => [annotation]))(
    'is true for an entity that names a source with %s',
    annotation => {
      expect(isQualityConfigured(component({ [annotation]: 'PAY' }))).toBe(
        true,
      );
    },
  );

  it('is false without a source annotation, or with an empty one', () => {
    expect(isQualityConfigured(component({}))).toBe(false);
    expect(
      isQualityConfigured(
        component({
          'backstage.io/techdocs-ref': 'dir:.',
          'jira/component': 'x',
        }),
      ),
    ).toBe(false);
    expect(isQualityConfigured(component({ 'jira/project-key': '' }))).toBe(
      false,
    );
    const bare = component({});
    delete bare.metadata.annotations;
    expect(isQualityConfigured(bare)).toBe(false);
  });

  it('counts bug trackers and incident tools, each once', () => {
    expect(ALL_QUALITY_ANNOTATIONS).toEqual([
      ...BUG_TRACKER_ANNOTATIONS,
      ...INCIDENT_TOOL_ANNOTATIONS,
    ]);
    expect(new Set(ALL_QUALITY_ANNOTATIONS).size).toBe(
      ALL_QUALITY_ANNOTATIONS.length,
    );
  });
});
