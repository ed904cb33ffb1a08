import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { QUALITY_ITEM_LISTS } from '@quality-pulse/plugin-quality-common';
import {
  MALLORY,
  KIM,
  ADMIN,
  expectNoTrace,
  startHiddenEntityBackend,
} from '../__testUtils__/hiddenEntityScenario';
import { mcpClientAs } from '../__testUtils__/mcpClient';
import { contractErrors } from '../__testUtils__/contract';

jest.setTimeout(120_000);

describe('an entity the catalog hides from a caller', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const start = (databaseId: TestDatabaseId) =>
    startHiddenEntityBackend(databases, databaseId);

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
        ...[
          'summary',
          'timeseries',
          'trends',
          'initiatives',
          'scorecard',
          'learning',
          ...lists,
        ].map(suffix => `/v1/groups/default/payments-squad/${suffix}`),
        '/v1/groups/default/commerce/summary',
        '/v1/org/overview',
        '/v1/org/timeseries',
        '/v1/org/trends',
        '/v1/org/initiatives',
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

      // The initiative counts what each caller sees: Mallory 0 of the 3 bugs
      // she sees (and none before the start); Kim the secret ones as well.
      for (const path of [
        '/v1/org/initiatives',
        '/v1/groups/default/payments-squad/initiatives',
      ]) {
        expect(contractErrors(answers[path], 'QualityInitiatives')).toEqual([]);
      }
      const [initiative] = answers['/v1/org/initiatives'].initiatives;
      expect(initiative.scope.groupRef).toBe('group:default/commerce');
      expect(initiative.scope.progress).toMatchObject({
        baseline: { numerator: 0, denominator: 0 },
        current: { numerator: 0, denominator: 3 },
        state: 'too-little-data',
      });
      expect(
        answers['/v1/groups/default/payments-squad/initiatives'].initiatives[0]
          .pointsOf,
      ).toBe('group:default/payments-squad');
      const kimsView = (await kim.get('/v1/org/initiatives')).body
        .initiatives[0];
      expect(kimsView.scope.progress).toMatchObject({
        baseline: { numerator: 1, denominator: 1 },
        // The last 30 days hold all nine, SECRET-6-E too.
        current: { numerator: 1, denominator: 9 },
      });

      // The long view counts what Mallory sees: 3 bugs created, none escaped,
      // 3 open now; the org's one department holds the payments squad alone.
      const trends = answers['/v1/groups/default/payments-squad/trends'];
      expect(contractErrors(trends, 'SquadQualityTrends')).toEqual([]);
      expect(trends.months).toHaveLength(12);
      const created = trends.months.reduce(
        (n: number, m: any) => n + m.escapedDefectRate.denominator,
        0,
      );
      expect(created).toBe(3);
      expect(trends.months[11].openBugsAtMonthEnd).toBe(3);
      const orgTrends = answers['/v1/org/trends'];
      expect(contractErrors(orgTrends, 'OrgQualityTrends')).toEqual([]);
      expect(orgTrends.departments.map((d: any) => d.groupRef)).toEqual([
        'group:default/commerce',
      ]);
      expect(orgTrends.departments[0].months).toEqual(trends.months);
      expect(orgTrends.months).toEqual(trends.months);
      const kimTrends = (
        await kim.get('/v1/groups/default/payments-squad/trends')
      ).body;
      expect(kimTrends.months[11].openBugsAtMonthEnd).toBe(9);

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
      const { call, close } = await mcpClientAs(backend, MALLORY);

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

      await close();
      await backend.stop();
    },
  );
});
