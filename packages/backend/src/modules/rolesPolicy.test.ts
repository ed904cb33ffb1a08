import { ConfigReader } from '@backstage/config';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  qualityAdminReadPermission,
  qualityLearningUpdatePermission,
  qualityMetricsReadPermission,
  qualityOpenMetricsReadPermission,
  qualityPushCreatePermission,
} from '@quality-pulse/plugin-quality-common';
import { readRoles, RolesPolicy } from './rolesPolicy';

const user = (ref: string, groups: string[] = []) => ({
  identity: {
    type: 'user' as const,
    userEntityRef: ref,
    ownershipEntityRefs: [ref, ...groups],
  },
  info: { userEntityRef: ref, ownershipEntityRefs: [ref, ...groups] },
  token: 'token',
  credentials: {} as any,
});

describe('RolesPolicy', () => {
  const roles = readRoles(
    new ConfigReader({
      permission: {
        roles: {
          admins: ['group:default/platform-team'],
          learningEditors: ['group:default/engineering'],
          restrictedLabel: 'confidentiality=restricted',
        },
      },
    }),
  );
  const policy = new RolesPolicy(roles);
  const decide = async (permission: any, who?: ReturnType<typeof user>) =>
    (await policy.handle({ permission }, who as any)).result;
  const admin = user('user:default/ada', ['group:default/platform-team']);
  const engineer = user('user:default/kim', ['group:default/engineering']);
  const visitor = user('user:default/vic');

  it('gives the org-wide views to admins only', async () => {
    for (const permission of [
      qualityAdminReadPermission,
      qualityOpenMetricsReadPermission,
    ]) {
      expect(await decide(permission, admin)).toBe(AuthorizeResult.ALLOW);
      expect(await decide(permission, engineer)).toBe(AuthorizeResult.DENY);
    }
  });

  it('lets every signed-in user read, editors record, and no person push', async () => {
    expect(await decide(qualityMetricsReadPermission, visitor)).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(await decide(qualityLearningUpdatePermission, engineer)).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(await decide(qualityLearningUpdatePermission, visitor)).toBe(
      AuthorizeResult.DENY,
    );
    expect(await decide(qualityPushCreatePermission, admin)).toBe(
      AuthorizeResult.DENY,
    );
    expect(await decide(qualityMetricsReadPermission, undefined)).toBe(
      AuthorizeResult.DENY,
    );
  });

  it('hides restricted entities from all but their owners, unless admin', async () => {
    const decision = await policy.handle(
      { permission: catalogEntityReadPermission },
      visitor as any,
    );
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: {
        anyOf: [
          {
            not: {
              rule: 'HAS_LABEL',
              params: { label: 'confidentiality', value: 'restricted' },
            },
          },
          { rule: 'IS_ENTITY_OWNER', params: { claims: ['user:default/vic'] } },
        ],
      },
    });
    expect(await decide(catalogEntityReadPermission, admin)).toBe(
      AuthorizeResult.ALLOW,
    );
  });

  it('refuses a label that is not key=value', () => {
    expect(() =>
      readRoles(
        new ConfigReader({
          permission: { roles: { restrictedLabel: 'restricted' } },
        }),
      ),
    ).toThrow('permission.roles.restrictedLabel must be written key=value');
  });
});
