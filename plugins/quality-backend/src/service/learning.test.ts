import {
  mockCredentials,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { testComponent, testGroup } from '../__testUtils__/catalogEntities';
import { contractErrors } from '../__testUtils__/contract';
import {
  getAsUser,
  startQualityBackend,
} from '../__testUtils__/qualityTestBackend';
import { QualityItemStore } from '../database/QualityItemStore';

jest.setTimeout(60_000);

const DAY = 24 * 60 * 60 * 1000;
const PAYMENTS = 'component:default/payments-api';
const day = (millis: number) => new Date(millis).toISOString().slice(0, 10);

describe('learning loop API', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  /** The router reads the clock, so the story is told relative to today. */
  async function start(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    const now = Date.now();
    const { server } = await startQualityBackend({
      knex,
      entities: [
        testComponent('payments-api'),
        testGroup('payments-squad', {
          annotations: {
            'quality.backstage.io/champion-rotation':
              'alex, sam, group:default/qa-guild',
            'quality.backstage.io/champion-rotation-start': day(now - 50 * DAY),
          },
        }),
      ],
    });
    const tracker = new QualityItemStore(knex, 'jira');
    const bug = (
      id: string,
      createdAt: number,
      labels: string[],
      closed = false,
    ) => ({
      externalId: id,
      title: `Bug ${id}`,
      escaped: false,
      labels,
      history: [
        {
          at: new Date(createdAt),
          status: 'open' as const,
          severity: 'P2' as const,
          entityRef: PAYMENTS,
        },
        ...(closed
          ? [
              {
                at: new Date(createdAt + DAY),
                status: 'closed' as const,
                severity: 'P2' as const,
                entityRef: PAYMENTS,
              },
            ]
          : []),
      ],
    });
    // Midnight UTC three days ago: the finds below fall inside the bash's day whatever the hour now.
    const bashDay = Date.parse(`${day(now - 3 * DAY)}T00:00:00Z`);
    await tracker.upsertBugs([
      bug('PAY-1', bashDay + 3_600_000, ['Bug-Bash-Nov', 'ui'], true),
      bug('PAY-2', bashDay + 7_200_000, ['bug-bash-nov']),
      // Same label but the day after the bash: not one of its finds.
      bug('PAY-3', bashDay + DAY + 3_600_000, ['bug-bash-nov']),
      bug('PAY-4', bashDay + 3_600_000, ['ui']),
    ]);
    const wiki = new QualityItemStore(knex, 'wiki');
    await wiki.upsertPostmortems([
      {
        // Published 30 days ago: its four-week review is overdue.
        externalId: 'PM-OLD',
        entityRef: PAYMENTS,
        title: 'Checkout timeouts',
        url: 'https://wiki.example.com/pm-old',
        publishedAt: new Date(now - 30 * DAY),
        subjects: [],
        actions: [
          {
            text: 'Add a timeout to the payment client',
            owner: 'group:default/payments-squad',
            due: day(now - 2 * DAY),
          },
          {
            text: 'Load test a slow provider',
            owner: 'kim',
            due: day(now + 10 * DAY),
          },
        ],
      },
      {
        // The bash's root-cause note for PAY-1, written the same day.
        externalId: 'PM-PAY-1',
        entityRef: PAYMENTS,
        title: 'Root cause of PAY-1',
        url: 'https://wiki.example.com/pay-1',
        publishedAt: new Date(bashDay + 5 * 3_600_000),
        subjects: [{ kind: 'bug', externalId: 'PAY-1', source: 'jira' }],
      },
    ]);
    const send = (
      method: 'post' | 'put' | 'patch',
      path: string,
      body: object,
    ) =>
      request(server)
        [method](`/api/quality${path}`)
        .set('authorization', mockCredentials.user.header())
        .send(body);
    return { knex, server, now, bashDay, send };
  }

  it.each(databases.eachSupportedId())(
    'shows the squad its overdue actions, due follow-ups, champion and bug-bash, and records what it learned, on %p',
    async databaseId => {
      const { knex, server, now, bashDay, send } = await start(databaseId);

      const created = await send(
        'post',
        '/v1/groups/default/payments-squad/bug-bashes',
        {
          title: 'November bug-bash',
          label: 'Bug-Bash-Nov',
          start: day(bashDay),
          end: day(bashDay),
        },
      );
      expect(created.status).toBe(201);

      let learning = await getAsUser(
        server,
        '/v1/groups/default/payments-squad/learning',
      );
      expect(learning.status).toBe(200);
      expect(contractErrors(learning.body, 'SquadLearning')).toEqual([]);
      expect(learning.body.overdueActions).toEqual([
        expect.objectContaining({
          text: 'Add a timeout to the payment client',
          owner: 'group:default/payments-squad',
          overdue: true,
          postmortemTitle: 'Checkout timeouts',
          entityRef: PAYMENTS,
        }),
      ]);
      expect(learning.body.followUpsDue).toEqual([
        expect.objectContaining({
          title: 'Checkout timeouts',
          overdue: true,
          openActions: 2,
          dueAt: new Date(
            Date.parse(learning.body.followUpsDue[0].publishedAt) + 28 * DAY,
          ).toISOString(),
        }),
      ]);
      // 50 days into 6-week terms: the second member's term started on day 42.
      expect(learning.body.champion).toEqual({
        current: 'user:default/sam',
        termStartedOn: day(
          Date.parse(`${day(now - 50 * DAY)}T00:00:00Z`) + 42 * DAY,
        ),
        nextRotationOn: day(
          Date.parse(`${day(now - 50 * DAY)}T00:00:00Z`) + 84 * DAY,
        ),
        next: 'group:default/qa-guild',
        termWeeks: 6,
        source: 'annotation',
      });
      const [bash] = learning.body.bugBashes;
      expect(bash).toMatchObject({
        id: created.body.id,
        label: 'bug-bash-nov',
        found: 2,
        withRootCauseNote: 1,
        fixed: 1,
        stillOpen: 1,
        reviewDueOn: day(bashDay + 28 * DAY),
        review: null,
      });
      expect(
        bash.bugs.map((b: any) => [b.externalId, b.rootCauseNoteByEndOfDay]),
      ).toEqual([
        ['PAY-1', true],
        ['PAY-2', false],
      ]);

      // The squad closes the action and records the review; both leave the lists.
      const actionId = learning.body.overdueActions[0].id;
      expect(
        (
          await send('patch', `/v1/actions/${actionId}`, {
            status: 'done',
            fixUrl: 'https://github.com/acme/payments/pull/7',
          })
        ).status,
      ).toBe(200);
      const postmortemId = learning.body.followUpsDue[0].postmortemId;
      expect(
        (
          await send('put', `/v1/postmortems/${postmortemId}/review`, {
            outcome: 'loop-closed',
            notes: 'No timeouts since.',
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await send(
            'put',
            `/v1/groups/default/payments-squad/bug-bashes/${bash.id}/review`,
            { outcome: 'needs-more-work' },
          )
        ).status,
      ).toBe(200);

      learning = await getAsUser(
        server,
        '/v1/groups/default/payments-squad/learning',
      );
      expect(learning.body.overdueActions).toEqual([]);
      expect(learning.body.followUpsDue).toEqual([]);
      expect(learning.body.recentReviews).toEqual([
        expect.objectContaining({
          title: 'Checkout timeouts',
          review: expect.objectContaining({
            outcome: 'loop-closed',
            notes: 'No timeouts since.',
          }),
        }),
      ]);
      expect(learning.body.bugBashes[0].review).toMatchObject({
        outcome: 'needs-more-work',
      });

      // A link pasted in the portal, with an action added to it, shows on the service tab.
      const linked = await send(
        'post',
        '/v1/entities/component/default/payments-api/postmortems',
        {
          url: 'https://docs.google.com/document/d/abc',
          title: 'Card declines',
          publishedAt: day(now - DAY),
          subjects: [{ kind: 'bug', source: 'jira', externalId: 'PAY-2' }],
        },
      );
      expect(linked.status).toBe(201);
      expect(linked.body).toMatchObject({ assessed: false });
      const listed = await getAsUser(
        server,
        '/v1/entities/component/default/payments-api/postmortems',
      );
      expect(contractErrors(listed.body, 'EntityPostmortems')).toEqual([]);
      const card = listed.body.postmortems.find(
        (p: any) => p.title === 'Card declines',
      );
      expect(card).toMatchObject({
        source: 'portal',
        complete: null,
        assessment: null,
      });
      const added = await send('post', `/v1/postmortems/${card.id}/actions`, {
        text: 'Retry declined cards once',
        owner: 'group:default/payments-squad',
        due: day(now + 7 * DAY),
      });
      expect(added.status).toBe(201);
      const again = await getAsUser(
        server,
        '/v1/entities/component/default/payments-api/postmortems',
      );
      expect(
        again.body.postmortems.find((p: any) => p.id === card.id).actions,
      ).toEqual([
        expect.objectContaining({
          id: added.body.id,
          status: 'open',
          overdue: false,
        }),
      ]);
      await knex.destroy();
    },
  );

  it('names the bad field and writes nothing', async () => {
    const { knex, send } = await start('SQLITE_3');
    const message = async (
      method: 'post' | 'put' | 'patch',
      path: string,
      body: object,
    ) => {
      const response = await send(method, path, body);
      expect(response.status).toBe(400);
      return response.body.error.message as string;
    };
    const bashes = '/v1/groups/default/payments-squad/bug-bashes';
    expect(
      await message('post', bashes, {
        title: 'x',
        label: 'l',
        start: '2026-11-31',
        end: '2026-12-01',
      }),
    ).toMatch(/start must be a date written YYYY-MM-DD; got "2026-11-31"/);
    expect(
      await message('post', bashes, {
        title: 'x',
        label: 'l',
        start: '2026-11-10',
        end: '2026-11-09',
      }),
    ).toMatch(/end must be on or after start/);
    expect(
      await message('post', bashes, {
        title: 'x',
        label: 'l',
        start: '2026-11-01',
        end: '2026-11-30',
      }),
    ).toMatch(/end must be at most 14 days after start/);
    const postmortems =
      '/v1/entities/component/default/payments-api/postmortems';
    expect(
      await message('post', postmortems, { url: 'ftp://files.example/pm.md' }),
    ).toMatch(/url must be an http\(s\) URL/);
    expect(
      await message('post', postmortems, {
        url: 'https://x.example/pm',
        subjects: [
          { kind: 'incident', source: 'pagerduty', externalId: 'NOPE' },
        ],
      }),
    ).toMatch(
      /subjects\[0\] names no incident pagerduty:NOPE of component:default\/payments-api/,
    );
    const pm = await knex('quality_postmortems')
      .where('external_id', 'PM-OLD')
      .first();
    expect(
      await message('put', `/v1/postmortems/${pm.id}/review`, {
        outcome: 'great',
      }),
    ).toMatch(
      /outcome must be equal to one of the allowed values: loop-closed, needs-more-work, recurred/,
    );
    expect(
      await message('post', `/v1/postmortems/${pm.id}/actions`, {
        text: 'Fix it',
        owner: 'component:default/x',
      }),
    ).toMatch(/owner must name a catalog user or group/);
    const action = await knex('quality_postmortem_actions').first();
    expect(
      await message('patch', `/v1/actions/${action.id}`, {
        status: 'finished',
      }),
    ).toMatch(
      /status must be equal to one of the allowed values: open, done, dropped/,
    );

    expect(await knex('quality_bug_bashes').count({ n: '*' })).toEqual([
      { n: 0 },
    ]);
    expect(await knex('quality_postmortem_reviews').count({ n: '*' })).toEqual([
      { n: 0 },
    ]);
    expect(
      await knex('quality_postmortems')
        .where('source', 'portal')
        .count({ n: '*' }),
    ).toEqual([{ n: 0 }]);
    await knex.destroy();
  });
});
