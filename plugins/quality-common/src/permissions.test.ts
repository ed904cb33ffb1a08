import {
  qualityLearningUpdatePermission,
  qualityMetricsReadPermission,
  qualityPermissions,
  qualityPushCreatePermission,
} from './permissions';

describe('the quality permissions', () => {
  it('keeps the names installed policies refer to', () => {
    expect(qualityPermissions.map(p => p.name).sort()).toEqual([
      'quality.admin.read',
      'quality.learning.update',
      'quality.metrics.read',
      'quality.openmetrics.read',
      'quality.push.create',
      'quality.scorecard.read',
    ]);
  });

  it('tells reads from writes, so a read-only policy cannot write', () => {
    expect(qualityMetricsReadPermission.attributes.action).toBe('read');
    expect(qualityLearningUpdatePermission.attributes.action).toBe('update');
    expect(qualityPushCreatePermission.attributes.action).toBe('create');
    // The name ends in its action: a policy matching on either agrees.
    for (const permission of qualityPermissions) {
      expect(permission.name.split('.').pop()).toBe(
        permission.attributes.action,
      );
    }
  });
});
