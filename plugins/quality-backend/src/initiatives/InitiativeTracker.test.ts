import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { NormalisedBug } from '@quality-pulse/plugin-quality-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { QUALITY_MIGRATIONS_DIRECTORY } from '../database/migrations';
import { QualityStores } from '../database/QualityStores';
import { QualityMetrics } from '../metrics/QualityMetrics';
import { DEFAULT_CEILINGS } from '../metrics/qualityBudget';
import { digestLines, PulseDigest } from '../pulse/digest';
import { testComponent, testGroup } from '../__testUtils__/catalogEntities';
import { readInitiatives } from './definitions';
import { InitiativeTracker } from './InitiativeTracker';

jest.setTimeout(120_000);

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-06-30T12:00:00Z');
const entities = [
  testGroup('commerce', { type: 'department' }),
  testGroup('payments-squad', { parent: 'commerce' }),
  testComponent('payments-api', { owner: 'payments-squad' }),
];

/** `count` bugs of payments-api created `daysAgo`, the first `escaped` escaped. */
const bugs = (
  prefix: string,
  daysAgo: number,
  count: number,
  escaped: number,
) =>
  Array.from(
    { length: count },
    (_, i): NormalisedBug => ({
      externalId: `${prefix}-${i}`,
      title: `${prefix}-${i}`,
      escaped: i < escaped,
      history: [
        {
          at: new Date(NOW - daysAgo * DAY),
          status: 'open',
          severity: 'P3',
          entityRef: 'component:default/payments-api',
        },
      ],
    }),
  );

describe('InitiativeTracker', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'stores each change of state once and tells the squad when it falls behind and when it reaches the target, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
      const stores = new QualityStores(knex);
      const jira = stores.items('jira');
      // Baseline (the 30 days before the start, 60 days ago): 4 of 10 escaped.
      await jira.upsertBugs(bugs('OLD', 75, 10, 4));
      // Now: 5 of 20 — on track (25 % against 26.7 % on the trajectory, target 20 %).
      await jira.upsertBugs(bugs('NEW', 5, 20, 5));
      const sent: Array<{ to: string; title: string }> = [];
      const notifications: NotificationService = {
        async send({ recipients, payload }) {
          sent.push({
            to: (recipients as { entityRef: string }).entityRef,
            title: payload.title,
          });
        },
      };
      const [definition] = readInitiatives(
        new ConfigReader({
          quality: {
            initiatives: [
              {
                id: 'halve-escapes',
                title: 'Halve escaped defects',
                why: 'Escapes cost our customers most.',
                metric: 'escaped-defect-rate',
                sponsor: 'commerce',
                start: 'today-60d',
                deadline: 'today+29d',
                target: '-50%',
              },
            ],
          },
        }),
        NOW,
      );
      const tracker = (catalogEntities = entities) =>
        new InitiativeTracker({
          definitions: [definition],
          states: stores.initiativeStates,
          metrics: new QualityMetrics(knex),
          catalog: catalogServiceMock({ entities: catalogEntities }),
          auth: mockServices.auth(),
          logger: mockServices.logger.mock(),
          notifications,
          defaultCeilings: DEFAULT_CEILINGS,
          now: () => NOW,
        });

      // The first evaluation records where everyone stands, and tells nobody.
      expect(await tracker().trackAll()).toEqual({ changes: 0, notified: 0 });

      // Four more escape: 9 of 24 (37.5 %) — behind.
      await jira.upsertBugs(bugs('ESC', 3, 4, 4));
      expect(await tracker().trackAll()).toEqual({ changes: 2, notified: 1 });
      // Another instance evaluating the same data finds nothing left to claim.
      expect(await tracker().trackAll()).toEqual({ changes: 0, notified: 0 });

      // Twenty-six caught before release: 9 of 50 (18 %) — the target reached.
      await jira.upsertBugs(bugs('CAUGHT', 2, 26, 0));
      expect(await tracker().trackAll()).toEqual({ changes: 2, notified: 1 });

      // Only the squad (a team) is notified; the department's changes are history.
      expect(sent).toEqual([
        {
          to: 'group:default/payments-squad',
          title: 'Behind on "Halve escaped defects": payments-squad',
        },
        {
          to: 'group:default/payments-squad',
          title: 'Target reached on "Halve escaped defects": payments-squad',
        },
      ]);
      const history = await stores.initiativeStates.changesSince(NOW - DAY);
      expect(
        history.map(c => [c.groupRef.split('/')[1], c.from, c.to]),
      ).toEqual([
        ['commerce', 'on-track', 'behind'],
        ['payments-squad', 'on-track', 'behind'],
        ['commerce', 'behind', 'reached'],
        ['payments-squad', 'behind', 'reached'],
      ]);
      expect(history[1].value).toBeCloseTo(9 / 24, 12);
      expect(history[1].expected).toBeCloseTo(0.4 - 0.2 * (60.5 / 90), 12);

      // The daily pulse names the day's change, from the first state to the last.
      const digest = {
        openBugs: [],
        openTotal: { now: 0, yesterday: 0 },
        escaped: { numerator: 9, denominator: 50, lowConfidence: false },
        windowDays: 90,
        mttrCritical: { count: 0, medianHours: null },
        budget: null,
        postmortems: { due: 0, late: 0 },
        initiatives: [
          { title: 'Halve escaped defects', from: 'on-track', to: 'reached' },
        ],
      } as unknown as PulseDigest;
      expect(digestLines(digest)).toContain(
        'Initiatives: Halve escaped defects — now at its target (was on track)',
      );
      expect(
        digestLines({ ...digest, initiatives: [] }).join('\n'),
      ).not.toMatch(/Initiatives/);
      await knex.destroy();
    },
  );
});
