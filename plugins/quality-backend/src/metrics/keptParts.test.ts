import { syntheticDatabase } from '../__testUtils__/syntheticDatabase';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { Knex } from 'knex';
import { DAY, NOW, syntheticOrganisation } from '../../bench/syntheticOrg';
import { Organisation } from '../catalog/organisation';
import { DataKind } from '../database/entityVersions';
import { QualityItemStore } from '../database/QualityItemStore';
import { KeptParts, PART_TTL_MS } from './keptParts';
import { QualityMetrics } from './QualityMetrics';
import { DEFAULT_CEILINGS } from './qualityBudget';
import { squadSummary } from './squadSummary';
import { windowFromQuery } from './window';

jest.setTimeout(120_000);

const HOUR = 60 * 60 * 1000;
const SQUAD = 'group:default/squad-1';
const { org, entities, entityRefs } = syntheticOrganisation({
  entities: 12,
  squads: 3,
  departments: 1,
});
const scope = org.entitiesOf(SQUAD);
const [service] = scope;
const elsewhere = entityRefs.find(ref => !scope.includes(ref))!;
const window = windowFromQuery({}, { now: NOW, defaultDays: 90 });

/** The parts of a squad summary and the kinds of data each reads. */
const PARTS: Array<[string, DataKind[]]> = [
  ['mttr', ['incidents']],
  ['bug figures', ['bugs']],
  ['rework rate', ['deployments']],
  ['root-cause coverage', ['bugs', 'incidents', 'postmortems']],
];
const ALL = PARTS.map(([name]) => name).sort();

const squadDatabase = (databases: TestDatabases, databaseId: TestDatabaseId) =>
  syntheticDatabase(databases, databaseId, entityRefs, {
    bugs: 300,
    incidents: 60,
    deployments: 60,
    postmortems: 20,
  });

/** The writes a provider makes, one kind at a time, to the squad's first service unless told. */
function writes(db: Knex) {
  const incident = (title: string, resolvedAt?: Date) =>
    new QualityItemStore(db, 'pagerduty').upsertIncidents([
      {
        externalId: 'kept-incident',
        entityRef: service,
        title,
        severity: 'P1',
        startedAt: new Date(NOW - 5 * HOUR),
        resolvedAt,
      },
    ]);
  return {
    deployment: (entityRef = service) =>
      new QualityItemStore(db, 'ci').upsertDeployments([
        {
          externalId: `kept-${entityRef}`,
          entityRef,
          deployedAt: new Date(NOW - HOUR),
          remediation: true,
        },
      ]),
    incident,
    bug: () =>
      new QualityItemStore(db, 'jira').upsertBugs([
        {
          externalId: 'KEPT-1',
          title: 'Checkout fails',
          escaped: true,
          history: [
            {
              at: new Date(NOW - DAY),
              status: 'open',
              severity: 'P1',
              entityRef: service,
            },
          ],
        },
      ]),
    postmortem: () =>
      new QualityItemStore(db, 'pagerduty').upsertPostmortems([
        {
          externalId: 'kept-postmortem',
          entityRef: service,
          title: 'Checkout down',
          url: 'https://docs.example/kept',
          publishedAt: new Date(NOW - HOUR),
          complete: true,
          subjects: [{ kind: 'incident', externalId: 'kept-incident' }],
        },
      ]),
  };
}

describe('KeptParts', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'computes again only the parts that read the kind of data written, on %p',
    async databaseId => {
      const db = await squadDatabase(databases, databaseId);
      let clock = NOW;
      const kept = new KeptParts(db, () => clock);
      const computed: string[] = [];
      /** Asks for every part of the squad's summary; returns the ones computed. */
      const ask = async () => {
        const part = await kept.of(scope, window);
        await Promise.all(
          PARTS.map(([name, reads]) =>
            part(name, reads, async () => computed.push(name)),
          ),
        );
        return computed.splice(0).sort();
      };
      const write = writes(db);

      expect(await ask()).toEqual(ALL);
      expect(await ask()).toEqual([]);
      await write.deployment();
      expect(await ask()).toEqual(['rework rate']);
      await write.incident('Checkout down');
      expect(await ask()).toEqual(['mttr', 'root-cause coverage']);
      // A new title alone: no figure reads it.
      await write.incident('Checkout down for EU customers');
      expect(await ask()).toEqual([]);
      await write.incident('Checkout down', new Date(NOW - HOUR));
      expect(await ask()).toEqual(['mttr', 'root-cause coverage']);
      await write.bug();
      expect(await ask()).toEqual(['bug figures', 'root-cause coverage']);
      await write.postmortem();
      expect(await ask()).toEqual(['root-cause coverage']);
      // Another squad's service.
      await write.deployment(elsewhere);
      expect(await ask()).toEqual([]);
      // A minute on, with nothing written: the window's end and ages moved.
      clock += PART_TTL_MS;
      expect(await ask()).toEqual(ALL);
    },
  );

  it('keeps the parts of an earlier window of the same length apart from those of the window ending now', async () => {
    const db = await squadDatabase(databases, 'SQLITE_3');
    const kept = new KeptParts(db, () => NOW);
    const earlier = {
      start: window.start - 90 * DAY,
      end: window.end - 90 * DAY,
      days: 90,
    };
    const read = async (asked: typeof window) =>
      (await kept.of(scope, asked))('mttr', ['incidents'], async () => asked);
    expect(await read(window)).toBe(window);
    expect(await read(earlier)).toBe(earlier);
    // A request a few seconds on, of the window ending then, is the same window's.
    const later = {
      ...window,
      start: window.start + 5_000,
      end: window.end + 5_000,
    };
    expect(await read(later)).toBe(window);
  });

  it('shares a part being computed, and forgets one that failed', async () => {
    const db = await squadDatabase(databases, 'SQLITE_3');
    const kept = new KeptParts(db);
    let runs = 0;
    const slow = () =>
      new Promise<number>(resolve => setTimeout(() => resolve(++runs), 20));
    const [a, b] = await Promise.all([
      kept.of(scope, window).then(part => part('mttr', ['incidents'], slow)),
      kept.of(scope, window).then(part => part('mttr', ['incidents'], slow)),
    ]);
    expect([a, b, runs]).toEqual([1, 1, 1]);

    const failing = await kept.of(scope, window);
    await expect(
      failing('bug figures', ['bugs'], () =>
        Promise.reject(new Error('connection lost')),
      ),
    ).rejects.toThrow('connection lost');
    const next = await kept.of(scope, window);
    await expect(
      next('bug figures', ['bugs'], async () => 'read'),
    ).resolves.toBe('read');
  });

  it.each(databases.eachSupportedId())(
    'keeps every squad summary equal to one from scratch while writes of each kind arrive, per view of the org, on %p',
    async databaseId => {
      const db = await squadDatabase(databases, databaseId);
      const metrics = new QualityMetrics(db);
      // A caller not shown the squad's first service has a view of its own.
      const hiddenView = Organisation.fromEntities(
        entities.filter((e: Entity) => e.kind === 'Group'),
        entities.filter(
          (e: Entity) =>
            e.kind === 'Component' &&
            `component:default/${e.metadata.name}` !== service,
        ),
      );
      const options = { window, now: NOW, defaultCeilings: DEFAULT_CEILINGS };
      const write = writes(db);
      const rounds = [
        async () => undefined,
        () => write.deployment(),
        () => write.incident('Checkout down'),
        () => write.incident('Checkout down', new Date(NOW - HOUR)),
        () => write.bug(),
        () => write.postmortem(),
      ];
      for (const round of rounds) {
        await round();
        for (const view of [org, hiddenView]) {
          const group = view.get(SQUAD)!;
          const [kept, fromScratch] = [
            await metrics.squadSummary(view, group, options),
            await squadSummary(db, view, group, options),
          ];
          expect(kept).toEqual(fromScratch);
        }
      }
      const hidden = await metrics.squadSummary(
        hiddenView,
        hiddenView.get(SQUAD)!,
        options,
      );
      expect(JSON.stringify(hidden)).not.toContain(`"${service}"`);
    },
  );
});
