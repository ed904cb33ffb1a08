import {
  mockCredentials,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
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
import {
  qualityAdminReadPermission,
  qualityOpenMetricsReadPermission,
} from '@quality-pulse/plugin-quality-common';
import { NormalisedBug } from '@quality-pulse/plugin-quality-node';
import request from 'supertest';
import { testComponent, testGroup } from './catalogEntities';
import { startPermissionedBackend } from './permissionedBackend';
import { providerModule } from './qualityTestBackend';

/** A catalog with a service one user may not see, the data the fixture syncs for it, and a backend over both. */

export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;

/** Sees everything but secret-ledger; no admin views. */
export const MALLORY = 'user:default/mallory';
/** Sees everything; no admin views. */
export const KIM = 'user:default/kim';
export const ADMIN = 'user:default/platform-admin';

/**
 * A policy as Backstage's own examples write them: a conditional catalog
 * decision hides the components labelled confidentiality=restricted from
 * Mallory; the org-wide operational views are for platform admins.
 */
export class HiddenEntityPolicy implements PermissionPolicy {
  async handle(
    query: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const who = user?.info.userEntityRef;
    if (
      isPermission(query.permission, catalogEntityReadPermission) &&
      who === MALLORY
    ) {
      return createCatalogConditionalDecision(query.permission, {
        not: catalogConditions.hasLabel({
          label: 'confidentiality',
          value: 'restricted',
        }),
      });
    }
    if (
      [qualityAdminReadPermission, qualityOpenMetricsReadPermission].some(
        p => p.name === query.permission.name,
      )
    ) {
      return {
        result: who === ADMIN ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export const secretLedger = testComponent('secret-ledger', {
  owner: 'payments-squad',
});
secretLedger.metadata.title = 'Secret Ledger Vault';
secretLedger.metadata.labels = { confidentiality: 'restricted' };

export const catalog = [
  testGroup('acme', { type: 'organization' }),
  testGroup('commerce', { type: 'department', parent: 'acme' }),
  testGroup('payments-squad', {
    parent: 'commerce',
    annotations: { 'quality.backstage.io/budget-max-open-p2': '5' },
  }),
  testComponent('payments-api', { owner: 'payments-squad' }),
  testComponent('ledger', { owner: 'payments-squad' }),
  secretLedger,
];

/** Every trace of the hidden component: its name, title and the text of its items. */
export const FORBIDDEN = [/secret-ledger/i, /Secret Ledger/i, /SECRET/];

export function expectNoTrace(what: string, body: unknown) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  for (const pattern of FORBIDDEN) {
    if (pattern.test(text)) {
      throw new Error(`${what} leaks ${pattern}: ${text.slice(0, 2000)}`);
    }
  }
}

export const fixture = providerModule('hidden-entity-fixture', {
  id: 'fixture',
  reads: ['bugs', 'incidents', 'postmortems', 'deployments'],
  async sync({ sink, runScope }) {
    const now = Date.now();
    const bug = (
      id: string,
      entity: string,
      severity: 'P1' | 'P2',
      daysAgo: number,
    ): NormalisedBug => ({
      externalId: id,
      title: `${id} title`,
      url: `https://tracker.example/${id}`,
      escaped: id.endsWith('-E'),
      // Found in the squad's bug-bash (see below).
      labels: ['PAY-1', 'SECRET-1'].includes(id) ? ['bash-nov'] : [],
      history: [
        {
          at: new Date(now - daysAgo * DAY),
          status: 'open',
          severity,
          entityRef: `component:default/${entity}`,
        },
      ],
    });
    await sink.upsertBugs([
      bug('PAY-1', 'payments-api', 'P2', 10),
      bug('PAY-2', 'payments-api', 'P1', 2),
      bug('LED-1', 'ledger', 'P2', 3),
    ]);
    // The hidden service's tracker project is a scope of its own, as in Jira.
    await runScope(
      'SECRET-PROJECT',
      async (cursor, scoped) => {
        await scoped.sink.upsertBugs([
          ...[1, 2, 3, 4, 5].map(n =>
            bug(`SECRET-${n}`, 'secret-ledger', 'P2', 12),
          ),
          bug('SECRET-6-E', 'secret-ledger', 'P1', 20),
        ]);
        return cursor;
      },
      { entityRefs: ['component:default/secret-ledger'] },
    );
    const incident = (id: string, entity: string, hours: number) => ({
      externalId: id,
      entityRef: `component:default/${entity}`,
      title: `${id} title`,
      url: `https://incidents.example/${id}`,
      severity: 'P1' as const,
      startedAt: new Date(now - 3 * DAY),
      resolvedAt: new Date(now - 3 * DAY + hours * HOUR),
    });
    await sink.upsertIncidents([
      incident('PAY-INC-1', 'payments-api', 2),
      incident('SECRET-INC-1', 'secret-ledger', 10),
    ]);
    await sink.upsertDeployments([
      {
        externalId: 'SECRET-DEP-1',
        entityRef: 'component:default/secret-ledger',
        deployedAt: new Date(now - 3 * DAY - HOUR),
        remediation: false,
        url: 'https://ci.example/SECRET-DEP-1',
      },
    ]);
    await sink.upsertPostmortems([
      {
        // As a crafted front matter would name them: its own incident and the hidden one's.
        externalId: 'PAY-PM-1',
        entityRef: 'component:default/payments-api',
        title: 'Payments outage review',
        url: 'https://docs.example/pay-pm-1.md',
        publishedAt: new Date(now - 2 * DAY),
        subjects: [
          { kind: 'incident', externalId: 'PAY-INC-1' },
          { kind: 'incident', externalId: 'SECRET-INC-1' },
        ],
      },
      {
        externalId: 'SECRET-PM-1',
        entityRef: 'component:default/secret-ledger',
        title: 'SECRET-PM-1 title',
        url: 'https://docs.example/secret-pm-1.md',
        publishedAt: new Date(now - 40 * DAY),
        subjects: [{ kind: 'incident', externalId: 'SECRET-INC-1' }],
        actions: [
          {
            text: 'SECRET action: rotate the vault keys',
            owner: 'group:default/payments-squad',
            due: new Date(now - 5 * DAY).toISOString().slice(0, 10),
          },
        ],
      },
    ]);
  },
});

const utcDay = (daysFromNow: number) =>
  new Date(Date.now() + daysFromNow * DAY).toISOString().slice(0, 10);

/**
 * An initiative over the department holding the hidden service: its 30-day
 * windows see SECRET-6-E (escaped, 20 days ago) in the baseline and the
 * other secret bugs in the current value — for those who may see them.
 */
export const HALVE_ESCAPES = {
  id: 'halve-escapes',
  title: 'Halve escaped defects',
  why: 'Escapes cost our customers most.',
  metric: 'escaped-defect-rate',
  sponsor: 'commerce',
  start: utcDay(-15),
  deadline: utcDay(60),
  target: '-50%',
};

export async function startHiddenEntityBackend(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
) {
  const knex = await databases.init(databaseId);
  const backend = await startPermissionedBackend({
    knex,
    entities: catalog,
    policy: new HiddenEntityPolicy(),
    features: [fixture],
    config: { quality: { initiatives: [HALVE_ESCAPES] } },
  });
  const as = (user: string) => ({
    get: (path: string) =>
      request(backend.server)
        .get(`/api/quality${path}`)
        .set('authorization', mockCredentials.user.header(user)),
    send: (method: 'post' | 'put' | 'patch', path: string, body: object) =>
      request(backend.server)
        [method](`/api/quality${path}`)
        .set('authorization', mockCredentials.user.header(user))
        .send(body),
  });
  // A bug-bash whose finds include the hidden service's bugs.
  const day = (daysAgo: number) =>
    new Date(Date.now() - daysAgo * DAY).toISOString().slice(0, 10);
  const bash = await as(KIM).send(
    'post',
    '/v1/groups/default/payments-squad/bug-bashes',
    {
      title: 'November bash',
      label: 'bash-nov',
      start: day(12),
      end: day(10),
    },
  );
  expect(bash.status).toBe(201);
  // Scorecards from the data the fixture synced at start-up.
  const evaluated = await as(ADMIN).send('post', '/v1/scorecards/evaluate', {});
  expect(evaluated.status).toBe(202);
  for (let attempt = 0; attempt < 100; attempt++) {
    const card = await as(KIM).get(
      '/v1/groups/default/payments-squad/scorecard',
    );
    if (card.body.evaluatedAt && !card.body.visibleOnly) break;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  return { backend, knex, as };
}
