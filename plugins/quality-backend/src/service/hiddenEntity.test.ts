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
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  QUALITY_ITEM_LISTS,
  qualityAdminReadPermission,
  qualityOpenMetricsReadPermission,
} from '@quality-pulse/plugin-quality-common';
import { NormalisedBug } from '@quality-pulse/plugin-quality-node';
import request from 'supertest';
import { testComponent, testGroup } from '../__testUtils__/catalogEntities';
import { startPermissionedBackend } from '../__testUtils__/permissionedBackend';
import { providerModule } from '../__testUtils__/qualityTestBackend';

jest.setTimeout(120_000);

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** Sees everything but secret-ledger; no admin views. */
const MALLORY = 'user:default/mallory';
/** Sees everything; no admin views. */
const KIM = 'user:default/kim';
const ADMIN = 'user:default/platform-admin';

/**
 * A policy as Backstage's own examples write them: a conditional catalog
 * decision hides the components labelled confidentiality=restricted from
 * Mallory; the org-wide operational views are for platform admins.
 */
class HiddenEntityPolicy implements PermissionPolicy {
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

const secretLedger = testComponent('secret-ledger', {
  owner: 'payments-squad',
});
secretLedger.metadata.title = 'Secret Ledger Vault';
secretLedger.metadata.labels = { confidentiality: 'restricted' };

const catalog = [
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
const FORBIDDEN = [/secret-ledger/i, /Secret Ledger/i, /SECRET/];

function expectNoTrace(what: string, body: unknown) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  for (const pattern of FORBIDDEN) {
    if (pattern.test(text)) {
      throw new Error(`${what} leaks ${pattern}: ${text.slice(0, 2000)}`);
    }
  }
}

const fixture = providerModule('hidden-entity-fixture', {
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

describe('an entity the catalog hides from a caller', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function start(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    const backend = await startPermissionedBackend({
      knex,
      entities: catalog,
      policy: new HiddenEntityPolicy(),
      features: [fixture],
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
    const evaluated = await as(ADMIN).send(
      'post',
      '/v1/scorecards/evaluate',
      {},
    );
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

  it.each(databases.eachSupportedId())(
    'leaves no name, title, figure, URL or count of it in any route, on %p',
    async databaseId => {
      const { backend, knex, as } = await start(databaseId);
      const mallory = as(MALLORY);
      const kim = as(KIM);

      // The hidden entity's own routes answer exactly as a missing one does.
      for (const suffix of [
        'summary',
        'timeseries',
        'items?list=open-bugs',
        'postmortems',
        'scorecard',
      ]) {
        const hidden = await mallory.get(
          `/v1/entities/component/default/secret-ledger/${suffix}`,
        );
        const missing = await mallory.get(
          `/v1/entities/component/default/no-such-service/${suffix}`,
        );
        if (hidden.status !== 404)
          throw new Error(
            `${suffix}: ${hidden.status} ${JSON.stringify(hidden.body)}`,
          );
        expect(missing.status).toBe(404);
        expect(hidden.body.error.message).toBe(
          missing.body.error.message.replace(
            'no-such-service',
            'secret-ledger',
          ),
        );
        // Kim may see it: the data is there.
        expect(
          (
            await kim.get(
              `/v1/entities/component/default/secret-ledger/${suffix}`,
            )
          ).status,
        ).toBe(200);
      }

      // Every read route Mallory can call, and what it must (not) say.
      const lists = QUALITY_ITEM_LISTS.map(list => `items?list=${list}`);
      const reads = [
        ...['summary', 'timeseries', 'postmortems', 'scorecard', ...lists].map(
          suffix => `/v1/entities/component/default/payments-api/${suffix}`,
        ),
        ...['summary', 'timeseries', 'scorecard', 'learning', ...lists].map(
          suffix => `/v1/groups/default/payments-squad/${suffix}`,
        ),
        '/v1/groups/default/commerce/summary',
        '/v1/org/overview',
        '/v1/org/timeseries',
        '/v1/scorecards/policy',
      ];
      const answers: Record<string, any> = {};
      for (const path of reads) {
        const response = await mallory.get(path);
        expect({ path, status: response.status }).toEqual({
          path,
          status: 200,
        });
        expectNoTrace(path, response.body);
        answers[path] = response.body;
      }

      // Figures are those of what Mallory sees: 3 open bugs, not 9.
      const squad = answers['/v1/groups/default/payments-squad/summary'];
      expect(squad.openBugs.total).toBe(3);
      expect(squad.budget).toMatchObject({ state: 'within' });
      expect(squad.budget.openP2).toMatchObject({ used: 2, ceiling: 5 });
      const kimSquad = (
        await kim.get('/v1/groups/default/payments-squad/summary')
      ).body;
      expect(kimSquad.openBugs.total).toBe(9);
      expect(kimSquad.budget.state).toBe('breached');
      // Cached answers are kept per caller's view: each sees their own, again and again.
      const orgTotal = async (who: typeof kim) =>
        (await who.get('/v1/org/overview')).body.roots[0].openBugs.total;
      expect([await orgTotal(kim), await orgTotal(mallory)]).toEqual([9, 3]);
      expect([await orgTotal(mallory), await orgTotal(kim)]).toEqual([3, 9]);
      expect(
        answers['/v1/groups/default/payments-squad/items?list=open-bugs'].total,
      ).toBe(3);
      const lastDay = (series: any) =>
        series.burnDown[series.burnDown.length - 1];
      const sumOpen = (point: any) => point.total;
      expect(sumOpen(lastDay(answers['/v1/org/timeseries']))).toBe(3);
      expect(
        sumOpen(
          lastDay(answers['/v1/groups/default/payments-squad/timeseries']),
        ),
      ).toBe(3);

      // The bug-bash lists the finds Mallory may see, and counts only those.
      const learning = answers['/v1/groups/default/payments-squad/learning'];
      expect(learning.bugBashes[0].bugs.map((b: any) => b.externalId)).toEqual([
        'PAY-1',
      ]);
      const kimLearning = (
        await kim.get('/v1/groups/default/payments-squad/learning')
      ).body;
      expect(kimLearning.bugBashes[0].bugs).toHaveLength(2);
      expect([
        learning.bugBashes[0].found,
        kimLearning.bugBashes[0].found,
      ]).toEqual([1, 2]);

      // The post-mortem names the hidden incident: the link shows no title, URL or severity of it.
      const listed =
        answers['/v1/entities/component/default/payments-api/postmortems']
          .postmortems;
      expect(listed).toHaveLength(1);
      expect(listed[0].subjects).toEqual([
        expect.objectContaining({
          externalId: 'PAY-INC-1',
          title: 'PAY-INC-1 title',
        }),
      ]);

      // Scorecards: computed for Mallory's view, without the org-wide history.
      const squadCard = answers['/v1/groups/default/payments-squad/scorecard'];
      expect(squadCard.visibleOnly).toBe(true);
      expect(squadCard.history).toEqual([]);
      const kimCard = (
        await kim.get('/v1/groups/default/payments-squad/scorecard')
      ).body;
      expect(kimCard.visibleOnly).toBeUndefined();
      expect(JSON.stringify(kimCard)).not.toEqual(JSON.stringify(squadCard));
      expect(
        answers['/v1/entities/component/default/payments-api/scorecard']
          .visibleOnly,
      ).toBe(true);

      // Org-wide operational views are for admins only.
      for (const path of ['/v1/metrics', '/v1/sync-status']) {
        expect((await mallory.get(path)).status).toBe(403);
        expect((await kim.get(path)).status).toBe(403);
        const admin = await as(ADMIN).get(path);
        expect(admin.status).toBe(200);
        expect(JSON.stringify(admin.body) + admin.text).toMatch(
          /SECRET|secret-ledger/,
        );
      }

      // Writes about the hidden entity's post-mortem and action: the 404 of a missing id, nothing written.
      const secretPm = await knex('quality_postmortems')
        .where('external_id', 'SECRET-PM-1')
        .first('id');
      const secretAction = await knex('quality_postmortem_actions')
        .where('postmortem_id', secretPm.id)
        .first('id', 'status');
      const writes: Array<
        ['post' | 'put' | 'patch', (id: number) => string, object]
      > = [
        [
          'post',
          id => `/v1/postmortems/${id}/actions`,
          { text: 'Leak a title' },
        ],
        [
          'put',
          id => `/v1/postmortems/${id}/review`,
          { outcome: 'loop-closed' },
        ],
      ];
      for (const [method, path, body] of writes) {
        const hidden = await mallory.send(method, path(secretPm.id), body);
        const missing = await mallory.send(method, path(999_999), body);
        expect([hidden.status, missing.status]).toEqual([404, 404]);
        expect(hidden.body.error.message).toBe(
          missing.body.error.message.replace('999999', String(secretPm.id)),
        );
      }
      const hiddenAction = await mallory.send(
        'patch',
        `/v1/actions/${secretAction.id}`,
        { status: 'done' },
      );
      const missingAction = await mallory.send('patch', '/v1/actions/999999', {
        status: 'done',
      });
      expect([hiddenAction.status, missingAction.status]).toEqual([404, 404]);
      expect(hiddenAction.body.error.message).toBe(
        missingAction.body.error.message.replace(
          '999999',
          String(secretAction.id),
        ),
      );
      const link = await mallory.send(
        'post',
        '/v1/entities/component/default/secret-ledger/postmortems',
        {
          url: 'https://docs.example/new.md',
        },
      );
      expect(link.status).toBe(404);
      expect(
        await knex('quality_postmortem_actions')
          .where('postmortem_id', secretPm.id)
          .select('status'),
      ).toEqual([{ status: secretAction.status }]);
      expect(
        await knex('quality_postmortem_reviews').count({ n: '*' }).first(),
      ).toMatchObject({ n: expect.anything() });
      expect(
        Number(
          (await knex('quality_postmortem_reviews').count({ n: '*' }).first())
            ?.n,
        ),
      ).toBe(0);

      await backend.stop();
    },
  );

  it.each(databases.eachSupportedId())(
    'leaves no trace of it in the assistant actions called through the MCP actions backend, on %p',
    async databaseId => {
      const { backend } = await start(databaseId);
      const address = backend.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const client = new Client({ name: 'quality-test', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(
          new URL(`http://localhost:${port}/api/mcp-actions/v1`),
          {
            requestInit: {
              headers: { authorization: mockCredentials.user.header(MALLORY) },
            },
          },
        ),
      );
      const { tools } = await client.listTools();
      const toolNamed = (suffix: string) =>
        tools.find(tool => tool.name.endsWith(suffix))!.name;
      const call = async (suffix: string, args: Record<string, unknown>) => {
        const result = await client.callTool({
          name: toolNamed(suffix),
          arguments: args,
        });
        const text = (result.content as Array<{ text?: string }>)
          .map(c => c.text ?? '')
          .join('\n');
        return { isError: Boolean(result.isError), text };
      };

      for (const tool of ['get-quality-state', 'prepare-root-cause-document']) {
        const hidden = await call(tool, {
          entityRef: 'component:default/secret-ledger',
        });
        const missing = await call(tool, {
          entityRef: 'component:default/no-such-service',
        });
        expect(hidden.isError).toBe(true);
        expect(missing.isError).toBe(true);
        expect(hidden.text).toBe(
          missing.text.replace(/no-such-service/g, 'secret-ledger'),
        );
      }

      const squad = await call('get-quality-state', {
        entityRef: 'group:default/payments-squad',
      });
      if (squad.isError) throw new Error(squad.text);
      expectNoTrace('get-quality-state of the squad', squad.text);
      const state = JSON.parse(squad.text);
      expect(state.openBugs).toMatchObject({ P1: 1, P2: 2 });
      expect(state.budget).toMatchObject({ state: 'within', openP2: 2 });

      const service = await call('get-quality-state', {
        entityRef: 'payments-api',
      });
      expectNoTrace('get-quality-state of payments-api', service.text);
      expect(JSON.parse(service.text).budget).toMatchObject({ openP2: 2 });

      const document = await call('prepare-root-cause-document', {
        entityRef: 'payments-api',
      });
      expectNoTrace(
        'prepare-root-cause-document of payments-api',
        document.text,
      );

      await client.close();
      await backend.stop();
    },
  );
});
