import { Entity } from '@backstage/catalog-model';
import {
  DEMO_HISTORY_DAYS,
  DemoHistory,
  generateDemoHistory,
} from './generateDemoHistory';

const DAY = 24 * 60 * 60 * 1000;
const ANCHOR = Date.UTC(2026, 10, 24);

const component = (
  name: string,
  annotations: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations },
  spec: { type: 'service', owner: 'payments-squad', lifecycle: 'production' },
});

const fullyAnnotated = Array.from({ length: 12 }, (_, i) =>
  component(`service-${i}`, {
    'jira/project-key': `S${i}`,
    'pagerduty.com/service-id': `P${i}`,
  }),
);

function all(histories: DemoHistory[]): DemoHistory {
  return {
    bugs: histories.flatMap(h => h.bugs),
    incidents: histories.flatMap(h => h.incidents),
    postmortems: histories.flatMap(h => h.postmortems),
    deployments: histories.flatMap(h => h.deployments),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

describe('generateDemoHistory', () => {
  it('gives the same history for the same seed and anchor, and another for another seed', () => {
    const entity = fullyAnnotated[0];
    const first = generateDemoHistory(entity, {
      seed: 'quality-pulse',
      anchor: ANCHOR,
    });
    const again = generateDemoHistory(entity, {
      seed: 'quality-pulse',
      anchor: ANCHOR,
    });
    const other = generateDemoHistory(entity, {
      seed: 'another-seed',
      anchor: ANCHOR,
    });
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it("tells the initiative's story: the improving squads escape fewer bugs since it began, the others as many", () => {
    const escapedShare = (
      history: DemoHistory,
      from: number,
      to: number,
    ): [number, number] => {
      const bugs = history.bugs.filter(bug => {
        const created = bug.history[0].at.getTime();
        return created >= from && created < to;
      });
      return [bugs.filter(bug => bug.escaped).length, bugs.length];
    };
    const improvement = { days: 150, owners: ['group:default/payments-squad'] };
    const improving = all(
      fullyAnnotated.map(entity =>
        generateDemoHistory(entity, {
          seed: 'quality-pulse',
          anchor: ANCHOR,
          improvement,
        }),
      ),
    );
    const usual = all(
      fullyAnnotated.map(entity =>
        generateDemoHistory(entity, { seed: 'quality-pulse', anchor: ANCHOR }),
      ),
    );
    const start = ANCHOR - 150 * DAY;
    // Before it began, the same bugs escape with or without the story.
    expect(escapedShare(improving, ANCHOR - 180 * DAY, start)).toEqual(
      escapedShare(usual, ANCHOR - 180 * DAY, start),
    );
    // The last 30 days: the same bugs, fewer of them escaped.
    const [escapedNow, createdNow] = escapedShare(
      improving,
      ANCHOR - 30 * DAY,
      ANCHOR,
    );
    const [usualNow, usualCreated] = escapedShare(
      usual,
      ANCHOR - 30 * DAY,
      ANCHOR,
    );
    expect(createdNow).toBe(usualCreated);
    expect(escapedNow).toBeLessThan(usualNow * 0.6);
    // Squads not named go on as before.
    const others = { days: 150, owners: ['group:default/checkout-squad'] };
    expect(
      generateDemoHistory(fullyAnnotated[0], {
        seed: 'quality-pulse',
        anchor: ANCHOR,
        improvement: others,
      }),
    ).toEqual(
      generateDemoHistory(fullyAnnotated[0], {
        seed: 'quality-pulse',
        anchor: ANCHOR,
      }),
    );
  });

  it('writes 180 days of history that ends at the anchor, each bug history in order', () => {
    const history = all(
      fullyAnnotated.map(e =>
        generateDemoHistory(e, { seed: 's', anchor: ANCHOR }),
      ),
    );
    const start = ANCHOR - DEMO_HISTORY_DAYS * DAY;
    const times = [
      ...history.bugs.flatMap(b => b.history.map(h => h.at.getTime())),
      ...history.incidents.flatMap(i => [
        i.startedAt.getTime(),
        i.resolvedAt?.getTime() ?? ANCHOR,
      ]),
      ...history.deployments.map(d => d.deployedAt.getTime()),
    ];
    expect(Math.min(...times)).toBeGreaterThanOrEqual(start);
    expect(Math.max(...times)).toBeLessThanOrEqual(ANCHOR);
    // The history reaches back most of the 180 days, not just the last weeks.
    expect(
      Math.min(...history.bugs.map(b => b.history[0].at.getTime())),
    ).toBeLessThan(start + 7 * DAY);
    for (const bug of history.bugs) {
      const at = bug.history.map(h => h.at.getTime());
      expect(at).toEqual([...at].sort((a, b) => a - b));
      expect(bug.history[0].status).toBe('open');
    }
  });

  it('has what the metrics need: every severity, reopenings, escaped and caught bugs, open and closed ones', () => {
    const { bugs } = all(
      fullyAnnotated.map(e =>
        generateDemoHistory(e, { seed: 's', anchor: ANCHOR }),
      ),
    );
    const current = bugs.map(b => b.history[b.history.length - 1]);
    expect(new Set(bugs.flatMap(b => b.history.map(h => h.severity)))).toEqual(
      new Set(['P0', 'P1', 'P2', 'P3', 'P4', 'unclassified']),
    );
    const reopened = bugs.filter(b =>
      b.history.some(
        (h, i) =>
          i > 0 && h.status === 'open' && b.history[i - 1].status === 'closed',
      ),
    );
    const severityChanged = bugs.filter(
      b => new Set(b.history.map(h => h.severity)).size > 1,
    );
    const escaped = bugs.filter(b => b.escaped);
    expect(bugs.length).toBeGreaterThan(12 * 40);
    expect(reopened.length).toBeGreaterThan(0);
    expect(severityChanged.length).toBeGreaterThan(0);
    // Escaped bugs are a minority, as in a real team, but never absent.
    expect(escaped.length / bugs.length).toBeGreaterThan(0.05);
    expect(escaped.length / bugs.length).toBeLessThan(0.5);
    expect(current.filter(h => h.status === 'open').length).toBeGreaterThan(0);
    expect(current.filter(h => h.status === 'closed').length).toBeGreaterThan(
      bugs.length / 2,
    );
  });

  it('spreads time to restore like real incidents: minutes to hours, with a long tail', () => {
    const { incidents, postmortems } = all(
      fullyAnnotated.map(e =>
        generateDemoHistory(e, { seed: 's', anchor: ANCHOR }),
      ),
    );
    const resolved = incidents.filter(i => i.resolvedAt);
    const restore = resolved.map(
      i => i.resolvedAt!.getTime() - i.startedAt.getTime(),
    );
    const typical = median(restore);
    expect(incidents.length).toBeGreaterThan(12 * 5);
    expect(typical).toBeGreaterThan(30 * 60 * 1000);
    expect(typical).toBeLessThan(24 * 60 * 60 * 1000);
    expect(Math.max(...restore)).toBeGreaterThan(3 * typical);
    for (const incident of resolved) {
      expect(incident.acknowledgedAt!.getTime()).toBeGreaterThanOrEqual(
        incident.startedAt.getTime(),
      );
      expect(incident.acknowledgedAt!.getTime()).toBeLessThanOrEqual(
        incident.resolvedAt!.getTime(),
      );
    }
    // Post-mortems document incidents and bugs that exist in the same history.
    const incidentIds = new Set(incidents.map(i => i.externalId));
    const incidentPostmortems = postmortems.filter(
      p => p.subjects[0].kind === 'incident',
    );
    expect(incidentPostmortems.length).toBeGreaterThan(0);
    expect(
      incidentPostmortems.every(p => incidentIds.has(p.subjects[0].externalId)),
    ).toBe(true);
  });

  it('includes remediation deployments among ordinary ones, on weekdays', () => {
    const { deployments } = all(
      fullyAnnotated.map(e =>
        generateDemoHistory(e, { seed: 's', anchor: ANCHOR }),
      ),
    );
    const remediation = deployments.filter(d => d.remediation);
    expect(remediation.length).toBeGreaterThan(0);
    expect(remediation.length).toBeLessThan(deployments.length / 4);
    expect(
      deployments.every(d => ![0, 6].includes(d.deployedAt.getUTCDay())),
    ).toBe(true);
  });

  it('reads only what the annotations point to', () => {
    const trackerOnly = generateDemoHistory(
      component('lib', { 'github.com/project-slug': 'acme/lib' }),
      {
        seed: 's',
        anchor: ANCHOR,
      },
    );
    expect(trackerOnly.bugs.length).toBeGreaterThan(0);
    expect(trackerOnly.incidents).toEqual([]);
    expect(trackerOnly.bugs[0].url).toMatch(
      /^https:\/\/github\.example\.com\/acme\/lib\/issues\/\d+$/,
    );

    const none = generateDemoHistory(component('bare', {}), {
      seed: 's',
      anchor: ANCHOR,
    });
    expect(none).toEqual({
      bugs: [],
      incidents: [],
      postmortems: [],
      deployments: [],
    });
  });

  it('closes the learning loop: assessed post-mortems with squad-owned actions, and a bug-bash six days ago', () => {
    const { bugs, postmortems } = all(
      fullyAnnotated.map(entity =>
        generateDemoHistory(entity, { seed: 'quality-pulse', anchor: ANCHOR }),
      ),
    );
    const bashDay = new Date(ANCHOR - 6 * DAY).toISOString().slice(0, 10);
    const finds = bugs.filter(b => b.labels?.includes('bug-bash'));
    expect(finds.length).toBeGreaterThanOrEqual(2 * 12);
    finds.forEach(bug =>
      expect(bug.history[0].at.toISOString().slice(0, 10)).toBe(bashDay),
    );
    const noted = new Set(
      postmortems.flatMap(p => p.subjects.map(s => s.externalId)),
    );
    const withNote = finds.filter(b => noted.has(b.externalId));
    expect(withNote.length).toBeGreaterThan(0);
    expect(withNote.length).toBeLessThan(finds.length);

    const actions = postmortems.flatMap(p => p.actions ?? []);
    expect(postmortems.every(p => typeof p.complete === 'boolean')).toBe(true);
    expect(actions.every(a => a.owner === 'group:default/payments-squad')).toBe(
      true,
    );
    const past = actions.filter(a => a.due! < '2026-11-24');
    expect(past.some(a => a.status === 'done')).toBe(true);
    expect(past.some(a => a.status === 'open')).toBe(true);
  });
});
