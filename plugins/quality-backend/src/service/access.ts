import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import express from 'express';
import { Organisation, OrgGroup } from '../catalog/organisation';
import { TtlCache } from '../catalog/ttlCache';
import { TimeWindow, windowFromQuery } from '../metrics/window';
import { entityRefFromPath } from './validation';

/**
 * Any route's request, typed by the generated endpoint map or not: the access
 * layer reads the path and query as they came over the wire (the generated
 * query types rename the reserved word `from` to `_from`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRequest = express.Request<any, any, any, any>;

/** How long what the catalog shows a caller is trusted: the answers' own lifetime. */
export const VIEW_TTL_MS = 60_000;
/** The org as one caller sees it is ~5 MB at 5,000 services; a few hundred callers' fit. */
const ORG_VIEWS_MAX_BYTES = 512 * 2 ** 20;

/**
 * Who may see what, for every route and action: the permission check and
 * catalog visibility, written once. Every quality answer is about catalog
 * entities, so an entity the catalog hides from a caller is, to them, an
 * entity that does not exist — the same 404 with the same words.
 */
export class QualityAccess {
  // What the catalog shows a caller changes rarely; asking it on every
  // request cost a catalog round trip per entity page and the whole org
  // (5,500 entities) per squad or org page (docs/benchmarks.md, issue 9).
  private readonly orgs = new TtlCache<Organisation>(VIEW_TTL_MS, {
    maxEntries: 1_000,
    maxBytes: ORG_VIEWS_MAX_BYTES,
    sizeOf: org => org.approximateBytes(),
  });
  private readonly visibility = new TtlCache<boolean>(VIEW_TTL_MS, {
    maxEntries: 100_000,
  });

  constructor(
    private readonly options: {
      httpAuth: HttpAuthService;
      permissions: PermissionsService;
      catalog: CatalogService;
    },
  ) {}

  /** Throws a 403 unless the caller holds `permission`. */
  async authorize(
    credentials: BackstageCredentials,
    permission: BasicPermission,
    what: string,
  ): Promise<void> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed to ${what}`);
    }
  }

  /** The request's credentials, once the caller is known to hold `permission`. */
  async requestCredentials(
    req: AnyRequest,
    permission: BasicPermission,
    what: string,
    allow?: Array<'user' | 'service'>,
  ): Promise<BackstageCredentials> {
    const credentials = allow
      ? await this.options.httpAuth.credentials(req, { allow })
      : await this.options.httpAuth.credentials(req);
    await this.authorize(credentials, permission, what);
    return credentials;
  }

  /** Whether the catalog shows the entity to the caller (kept a minute). */
  canSee(
    credentials: BackstageCredentials,
    entityRef: string,
  ): Promise<boolean> {
    return this.visibility.get(
      `${principalKey(credentials)}|${entityRef}`,
      async () =>
        Boolean(
          await this.options.catalog.getEntityByRef(entityRef, { credentials }),
        ),
    );
  }

  /** Throws the entity 404 unless the caller sees it. */
  async requireVisible(
    credentials: BackstageCredentials,
    entityRef: string,
  ): Promise<void> {
    if (!(await this.canSee(credentials, entityRef))) {
      throw entityNotFound(entityRef);
    }
  }

  /** The entity as the caller sees it (for writes and actions: never cached). */
  async entity(
    credentials: BackstageCredentials,
    entityRef: string,
  ): Promise<Entity> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) throw entityNotFound(entityRef);
    return entity;
  }

  /** The groups and components the caller sees (kept a minute). */
  org(credentials: BackstageCredentials): Promise<Organisation> {
    return this.orgs.get(principalKey(credentials), () =>
      Organisation.load(this.options.catalog, credentials),
    );
  }

  /** The group as the caller sees it, or the group 404. */
  async group(
    credentials: BackstageCredentials,
    groupRef: string,
  ): Promise<{ org: Organisation; group: OrgGroup }> {
    const org = await this.org(credentials);
    const group = org.get(groupRef);
    if (!group) {
      throw new NotFoundError(
        `No group ${groupRef} in the catalog, or not visible to you`,
      );
    }
    return { org, group };
  }
}

export function entityNotFound(entityRef: string): NotFoundError {
  return new NotFoundError(
    `No entity ${entityRef} in the catalog, or not visible to you`,
  );
}

/** Whose view of the catalog an answer is: a user, a service, or nobody. */
export function principalKey(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user') return `user:${principal.userEntityRef}`;
  if (principal.type === 'service') return `service:${principal.subject}`;
  return principal.type;
}

/** A request about one entity, group or the org, checked and with its window read. */
export class QualityRequests {
  constructor(
    private readonly access: QualityAccess,
    private readonly options: { defaultWindowDays: number; now: () => number },
  ) {}

  window(req: AnyRequest): TimeWindow {
    return windowFromQuery(req.query, {
      now: this.options.now(),
      defaultDays: this.options.defaultWindowDays,
    });
  }

  /** `/entities/{kind}/{namespace}/{name}/…`: the permission, then catalog visibility. */
  async entity(
    req: AnyRequest,
    permission: BasicPermission,
    what = 'read quality data',
  ) {
    const entityRef = entityRefFromPath(
      req.params as Record<'kind' | 'namespace' | 'name', string>,
    );
    const window = this.window(req);
    const credentials = await this.access.requestCredentials(
      req,
      permission,
      what,
    );
    await this.access.requireVisible(credentials, entityRef);
    return { entityRef, window, credentials };
  }

  /** `/groups/{namespace}/{name}/…`: the permission, then the group in the caller's org. */
  async group(
    req: AnyRequest,
    permission: BasicPermission,
    what = 'read quality data',
  ) {
    const groupRef = entityRefFromPath({
      kind: 'group',
      namespace: req.params.namespace,
      name: req.params.name,
    });
    const { window, credentials, principal } = await this.org(
      req,
      permission,
      what,
    );
    const { org, group } = await this.access.group(credentials, groupRef);
    return { org, group, window, credentials, principal };
  }

  async org(
    req: AnyRequest,
    permission: BasicPermission,
    what = 'read quality data',
  ) {
    const window = this.window(req);
    const credentials = await this.access.requestCredentials(
      req,
      permission,
      what,
    );
    const org = await this.access.org(credentials);
    return { org, window, credentials, principal: principalKey(credentials) };
  }
}
