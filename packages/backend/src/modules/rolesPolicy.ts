/*
 * A permission policy for production, read from app-config
 * (`permission.roles`): who is a platform admin, who may record what squads
 * learn, and which entities only their owners see. Replace it with your
 * organisation's own policy module if you have one; the README's "Security"
 * section says what each Quality Pulse permission grants.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  qualityAdminReadPermission,
  qualityLearningUpdatePermission,
  qualityOpenMetricsReadPermission,
  qualityPushCreatePermission,
} from '@quality-pulse/plugin-quality-common';

export interface Roles {
  /** Users and groups (refs) that get the org-wide operational views. */
  admins: string[];
  /** Users and groups that may record post-mortems, actions, reviews and bug-bashes; empty means every signed-in user. */
  learningEditors: string[];
  /** `key=value`: entities with this label are visible only to their owners and admins. */
  restrictedLabel?: { label: string; value: string };
}

export function readRoles(config: Config): Roles {
  const roles = config.getOptionalConfig('permission.roles');
  const restricted = roles?.getOptionalString('restrictedLabel');
  const [label, value] = restricted?.split('=') ?? [];
  if (restricted && (!label || !value)) {
    throw new Error(
      `permission.roles.restrictedLabel must be written key=value, got "${restricted}"`,
    );
  }
  const refs = (key: string) =>
    (roles?.getOptionalStringArray(key) ?? []).map(ref =>
      ref.toLocaleLowerCase('en-US'),
    );
  return {
    admins: refs('admins'),
    learningEditors: refs('learningEditors'),
    restrictedLabel: restricted ? { label, value } : undefined,
  };
}

const ADMIN_ONLY = [
  qualityAdminReadPermission.name,
  qualityOpenMetricsReadPermission.name,
];

export class RolesPolicy implements PermissionPolicy {
  constructor(private readonly roles: Roles) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    // Anonymous requests get nothing; services never reach a policy.
    if (!user) return { result: AuthorizeResult.DENY };
    const claims = user.info.ownershipEntityRefs;
    const isIn = (refs: string[]) =>
      claims.some(claim => refs.includes(claim.toLocaleLowerCase('en-US')));
    const admin = isIn(this.roles.admins);
    const name = request.permission.name;

    if (ADMIN_ONLY.includes(name)) {
      return { result: admin ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    // Pushes come from CI tokens, never from a person.
    if (name === qualityPushCreatePermission.name) {
      return { result: AuthorizeResult.DENY };
    }
    if (name === qualityLearningUpdatePermission.name) {
      const editors = this.roles.learningEditors;
      return {
        result:
          admin || editors.length === 0 || isIn(editors)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      };
    }
    const restricted = this.roles.restrictedLabel;
    if (
      restricted &&
      !admin &&
      isPermission(request.permission, catalogEntityReadPermission)
    ) {
      return createCatalogConditionalDecision(request.permission, {
        anyOf: [
          { not: catalogConditions.hasLabel(restricted) },
          catalogConditions.isEntityOwner({ claims }),
        ],
      });
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'quality-pulse-roles',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(new RolesPolicy(readRoles(config)));
      },
    });
  },
});
