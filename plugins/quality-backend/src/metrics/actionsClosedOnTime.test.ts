import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import {
  NormalisedPostmortem,
  PostmortemActionItem,
} from '@quality-pulse/plugin-quality-node';
import { LearningLoopStore } from '../database/LearningLoopStore';
import { QUALITY_MIGRATIONS_DIRECTORY } from '../database/migrations';
import { QualityItemStore } from '../database/QualityItemStore';
import { actionsClosedOnTime } from './learningLoop';

jest.setTimeout(120_000);

const PAYMENTS = 'component:default/payments-api';
const SEARCH = 'component:default/search-api';
/** Days of June 2026 at noon UTC. */
const june = (day: number) => Date.UTC(2026, 5, day, 12);
/** The window: 1 June 00:00 to 16 June 00:00 — due days 1…15 June end inside it. */
const WINDOW = {
  start: Date.UTC(2026, 5, 1),
  end: Date.UTC(2026, 5, 16),
  days: 15,
};

/** A post-mortem of the wiki published on 1 June with these actions. */
function postmortem(
  externalId: string,
  entityRef: string,
  actions: PostmortemActionItem[],
): NormalisedPostmortem {
  return {
    externalId,
    entityRef,
    title: externalId,
    url: `https://wiki.example.com/${externalId}`,
    publishedAt: new Date(june(1)),
    subjects: [],
    actions,
  };
}

async function actionIds(db: Knex): Promise<Record<string, number>> {
  const rows = await db('quality_postmortem_actions').select('id', 'text');
  return Object.fromEntries(rows.map(r => [r.text, r.id]));
}

describe('learning-loop actions closed on time', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'counts the actions done by their due day among those due in the window, from the day each was closed, on %p',
    async databaseId => {
      const db = await databases.init(databaseId);
      await db.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
      const action = (text: string, due: string): PostmortemActionItem => ({
        text,
        due,
      });
      const store = new QualityItemStore(db, 'wiki', { now: () => june(1) });
      await store.upsertPostmortems([
        postmortem('PM-1', PAYMENTS, [
          action('done on its due day', '2026-06-10'),
          action('done a day late', '2026-06-10'),
          action('still open past its due day', '2026-06-12'),
          action('dropped before its due day', '2026-06-14'),
          action('dropped after its due day', '2026-06-03'),
          action('due after the window', '2026-06-16'),
          action('reopened after being done', '2026-06-05'),
        ]),
        // First seen with an action already done: the day it was is unknown.
        postmortem('PM-3', PAYMENTS, [
          { ...action('done before we saw it', '2026-06-08'), status: 'done' },
        ]),
        postmortem('PM-2', SEARCH, [
          action('of another service', '2026-06-10'),
        ]),
      ]);
      const ids = await actionIds(db);
      const learning = new LearningLoopStore(db);
      const set = (text: string, status: string, at: number) =>
        learning.updateAction(ids[text], { status }, at);
      await set('done on its due day', 'done', june(10) + 11 * 60 * 60 * 1000);
      // Ticked again later: still closed on the 10th.
      await set('done on its due day', 'done', june(15));
      await set('done a day late', 'done', june(11));
      await set('dropped before its due day', 'dropped', june(13));
      await set('dropped after its due day', 'dropped', june(4));
      await set('reopened after being done', 'done', june(4));
      await set('reopened after being done', 'open', june(6));
      await set('of another service', 'done', june(2));

      const closedOn = Object.fromEntries(
        (
          await db('quality_postmortem_actions').select('text', 'closed_on')
        ).map(r => [r.text, r.closed_on]),
      );
      expect(closedOn).toMatchObject({
        'done on its due day': '2026-06-10',
        'done a day late': '2026-06-11',
        'reopened after being done': null,
        'still open past its due day': null,
        'done before we saw it': null,
      });

      // Due in the window and still expected: on its day, a day late, still
      // open, dropped late, reopened — one of five on time. The one closed on
      // a day nobody recorded counts in neither part: old work is not late.
      expect(await actionsClosedOnTime(db, [PAYMENTS], WINDOW)).toEqual({
        numerator: 1,
        denominator: 5,
      });
      expect(await actionsClosedOnTime(db, [PAYMENTS, SEARCH], WINDOW)).toEqual(
        { numerator: 2, denominator: 6 },
      );
      // A window ending before the 10th's end does not hold those due then.
      expect(
        await actionsClosedOnTime(db, [PAYMENTS], {
          ...WINDOW,
          end: Date.UTC(2026, 5, 10, 23),
        }),
      ).toEqual({ numerator: 0, denominator: 2 });

      // A document that ticks an action closes it on the day it is read.
      await new QualityItemStore(db, 'wiki', {
        now: () => june(12),
      }).upsertPostmortems([
        postmortem('PM-1', PAYMENTS, [
          {
            ...action('still open past its due day', '2026-06-12'),
            status: 'done',
          },
        ]),
      ]);
      const ticked = await db('quality_postmortem_actions')
        .where('text', 'still open past its due day')
        .first('closed_on', 'status');
      expect(ticked).toEqual({ closed_on: '2026-06-12', status: 'done' });
      await db.destroy();
    },
  );
});
