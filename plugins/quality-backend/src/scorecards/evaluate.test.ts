import { ConfigReader } from '@backstage/config';
import { evaluateDefaultBudget } from './__fixtures__';
import { DEFAULT_CHECKS, readScorecardPolicy } from './definitions';
import { evaluateCheck, evaluateScorecard } from './evaluate';
import { matchesFilter } from '../catalog/entityFilter';
import { ScopeFacts } from '../metrics/scorecardFacts';

const DAY_MS = 24 * 3_600_000;

/** Facts of a healthy service with plenty of data; each test changes what it is about. */
function healthyFacts(change: Partial<ScopeFacts> = {}): ScopeFacts {
  return {
    entityCount: 1,
    entitiesWithoutDataSource: 0,
    open: { P0: 0, P1: 0, P2: 3, P3: 4, P4: 1, unclassified: 0 },
    agedCritical: 0,
    criticalMaxAgeDays: 7,
    budget: evaluateDefaultBudget({ openP2: 3 }),
    escaped: { numerator: 2, denominator: 40 },
    rework: { numerator: 1, denominator: 50 },
    rootCause: { numerator: 10, denominator: 11 },
    mttrCritical: { count: 4, medianMs: 2 * 3_600_000 },
    weeklyOpen: [10, 9, 9, 8, 8],
    postmortems: {
      resolved: 4,
      late: 0,
      pending: 0,
      published: 4,
      timeToPublishMsSum: 4 * 2 * DAY_MS,
    },
    learning: { overdueActions: 0, overdueFollowUps: 0 },
    ...change,
  };
}

const check = (id: string) => DEFAULT_CHECKS.find(c => c.id === id)!;
const statusOf = (id: string, facts: ScopeFacts) =>
  evaluateCheck(check(id), facts).status;

describe('default checks at their boundaries', () => {
  it('data source configured: none is a fail, one is a pass; other checks become unknown without one', () => {
    expect(statusOf('data-source-configured', healthyFacts())).toBe('pass');
    const noSource = healthyFacts({ entitiesWithoutDataSource: 1 });
    const result = evaluateCheck(check('data-source-configured'), noSource);
    expect(result.status).toBe('fail');
    expect(result.reason).toBe(
      'No data source reports for it; needs exactly 0',
    );
    expect(
      evaluateCheck(check('no-aged-critical-bugs'), noSource),
    ).toMatchObject({
      status: 'unknown',
      value: null,
    });
  });

  it('data source configured for a squad counts its services without one', () => {
    const squad = healthyFacts({
      entityCount: 4,
      entitiesWithoutDataSource: 1,
    });
    const result = evaluateCheck(check('data-source-configured'), squad);
    expect(result.status).toBe('fail');
    expect(result.reason).toContain('1 of 4 services has no data source');
    // Three services still report: the other checks are assessed.
    expect(statusOf('no-aged-critical-bugs', squad)).toBe('pass');
  });

  it('no P0/P1 bug older than 7 days: 0 passes, 1 fails', () => {
    expect(
      evaluateCheck(check('no-aged-critical-bugs'), healthyFacts()),
    ).toMatchObject({
      status: 'pass',
      reason: 'No open P0/P1 bug older than 7 days; needs at most 0',
    });
    const result = evaluateCheck(
      check('no-aged-critical-bugs'),
      healthyFacts({ agedCritical: 1 }),
    );
    expect(result.status).toBe('fail');
    expect(result.reason).toBe(
      '1 open P0/P1 bug older than 7 days; needs at most 0',
    );
    expect(result.data).toMatchObject({ agedCritical: 1, maxAgeDays: 7 });
  });

  it('within budget: within and at risk pass, breached fails; headroom only warns at risk', () => {
    const within = healthyFacts();
    const atRisk = healthyFacts({
      budget: evaluateDefaultBudget({ openP2: 16 }),
    });
    const breached = healthyFacts({
      budget: evaluateDefaultBudget({ openP2: 21 }),
    });
    expect(atRisk.budget!.state).toBe('at-risk');
    expect(breached.budget!.state).toBe('breached');

    expect(statusOf('budget-not-breached', within)).toBe('pass');
    expect(statusOf('budget-not-breached', atRisk)).toBe('pass');
    const failed = evaluateCheck(check('budget-not-breached'), breached);
    expect(failed.status).toBe('fail');
    expect(failed.reason).toContain(
      'The budget of Payments squad is breached: 21 open P2 (at most 20)',
    );
    expect(failed.reason).toContain('needs within or at risk');

    expect(statusOf('budget-headroom', within)).toBe('pass');
    expect(statusOf('budget-headroom', atRisk)).toBe('warn');
  });

  it('within budget is unknown when no squad owns the entity', () => {
    const result = evaluateCheck(
      check('budget-not-breached'),
      healthyFacts({ budget: null }),
    );
    expect(result.status).toBe('unknown');
    expect(result.reason).toMatch(/^No squad .* owns it/);
  });

  it('escaped defect rate: 15 % passes, just over fails, under 10 bugs is unknown', () => {
    const at = (numerator: number, denominator: number) =>
      evaluateCheck(
        check('escaped-defect-rate'),
        healthyFacts({ escaped: { numerator, denominator } }),
      );
    expect(at(3, 20)).toMatchObject({ status: 'pass', value: 0.15 });
    expect(at(4, 26)).toMatchObject({ status: 'fail' }); // 15.4 %
    expect(at(4, 26).reason).toBe(
      '15.4 % (4 escaped of 26 bugs created); needs at most 15 %',
    );
    expect(at(0, 9)).toMatchObject({ status: 'unknown', value: null });
    expect(at(0, 9).reason).toContain(
      'Too few to rate: 0 escaped of 9 bugs created',
    );
    expect(at(0, 10)).toMatchObject({ status: 'pass', value: 0 });
  });

  it('post-mortems within 5 working days: any late one fails, pending ones do not', () => {
    expect(statusOf('postmortems-on-time', healthyFacts())).toBe('pass');
    const pending = evaluateCheck(
      check('postmortems-on-time'),
      healthyFacts({
        postmortems: {
          resolved: 3,
          late: 0,
          pending: 2,
          published: 0,
          timeToPublishMsSum: 0,
        },
      }),
    );
    expect(pending.status).toBe('pass');
    expect(pending.reason).toContain('2 still inside the 5 days');
    expect(
      statusOf(
        'postmortems-on-time',
        healthyFacts({
          postmortems: {
            resolved: 3,
            late: 1,
            pending: 0,
            published: 0,
            timeToPublishMsSum: 0,
          },
        }),
      ),
    ).toBe('fail');
    expect(
      evaluateCheck(
        check('postmortems-on-time'),
        healthyFacts({
          postmortems: {
            resolved: 0,
            late: 0,
            pending: 0,
            published: 0,
            timeToPublishMsSum: 0,
          },
        }),
      ).reason,
    ).toContain('No P0/P1 incident resolved in the window');
  });

  it('burn-down: one rising week passes, two fail', () => {
    expect(
      evaluateCheck(
        check('burn-down-not-rising'),
        healthyFacts({ weeklyOpen: [5, 5, 5, 5, 6] }),
      ),
    ).toMatchObject({
      status: 'pass',
      reason:
        'Open bugs rose last week (5 four weeks ago, 6 now); needs under 2',
    });
    const rising = evaluateCheck(
      check('burn-down-not-rising'),
      healthyFacts({ weeklyOpen: [5, 4, 4, 5, 6] }),
    );
    expect(rising).toMatchObject({ status: 'fail', value: 2 });
    expect(rising.reason).toBe(
      'Open bugs rose in each of the last 2 weeks (5 four weeks ago, 6 now); needs under 2',
    );
  });

  it('MTTR P0/P1 median: under 8 hours passes, 8 hours fails, no incident passes', () => {
    const hours = (h: number) =>
      statusOf(
        'mttr-critical',
        healthyFacts({ mttrCritical: { count: 3, medianMs: h * 3_600_000 } }),
      );
    expect(hours(7.99)).toBe('pass');
    expect(hours(8)).toBe('fail');
    expect(
      evaluateCheck(
        check('mttr-critical'),
        healthyFacts({ mttrCritical: { count: 0, medianMs: null } }),
      ),
    ).toMatchObject({
      status: 'pass',
      reason: 'No P0/P1 incident resolved in the window; needs under 8 h',
    });
  });

  it('rework rate: 10 % passes, above fails, under 10 deployments is unknown', () => {
    const at = (numerator: number, denominator: number) =>
      statusOf(
        'rework-rate',
        healthyFacts({ rework: { numerator, denominator } }),
      );
    expect(at(2, 20)).toBe('pass');
    expect(at(3, 20)).toBe('fail');
    expect(at(0, 5)).toBe('unknown');
  });

  it('root-cause coverage: 80 % passes, below fails, under 10 subjects is unknown', () => {
    const at = (numerator: number, denominator: number) =>
      statusOf(
        'root-cause-coverage',
        healthyFacts({ rootCause: { numerator, denominator } }),
      );
    expect(at(8, 10)).toBe('pass');
    expect(at(7, 10)).toBe('fail');
    expect(at(3, 3)).toBe('unknown');
  });

  it('time to post-mortem: a mean of 3 days passes, more only warns, none published is unknown', () => {
    const at = (published: number, days: number) =>
      evaluateCheck(
        check('time-to-postmortem'),
        healthyFacts({
          postmortems: {
            resolved: 4,
            late: 0,
            pending: 0,
            published,
            timeToPublishMsSum: published * days * DAY_MS,
          },
        }),
      );
    expect(at(2, 3).status).toBe('pass');
    expect(at(2, 3.5)).toMatchObject({
      status: 'warn',
      reason: expect.stringContaining(
        'On average 3.5 days from resolution to post-mortem, over 2 P0/P1 incidents',
      ),
    });
    expect(at(0, 0).status).toBe('unknown');
  });

  it('learning loop: any overdue action or four-week review warns, with both counts in the reason', () => {
    const at = (overdueActions: number, overdueFollowUps: number) =>
      evaluateCheck(
        check('learning-loop-closed'),
        healthyFacts({ learning: { overdueActions, overdueFollowUps } }),
      );
    expect(at(0, 0).status).toBe('pass');
    expect(at(2, 1)).toMatchObject({
      status: 'warn',
      reason: expect.stringContaining(
        '2 actions past due, 1 four-week review overdue',
      ),
    });
  });
});

describe('levels', () => {
  const policy = readScorecardPolicy(new ConfigReader({}));
  const target = {
    ref: 'component:default/payments-api',
    kind: 'component',
    type: 'service',
    lifecycle: 'production',
    tags: [],
  };

  it('reaches Gold when every check passes or only warns', () => {
    const facts = healthyFacts({
      budget: evaluateDefaultBudget({ openP2: 16 }),
    });
    const result = evaluateScorecard(policy, target, facts);
    expect(result.level).toBe('gold');
    expect(result.levels.map(l => l.reached)).toEqual([true, true, true]);
    expect(
      result.levels[2].checks.find(c => c.checkId === 'budget-headroom')!
        .status,
    ).toBe('warn');
  });

  it('stops below the first level with a failing or unknown check, and names it', () => {
    const facts = healthyFacts({ escaped: { numerator: 1, denominator: 5 } });
    const result = evaluateScorecard(policy, target, facts);
    expect(result.level).toBe('bronze');
    expect(result.blockingChecks).toEqual(['escaped-defect-rate']);
    expect(result.levels.map(l => l.reached)).toEqual([true, false, false]);
  });

  it('a failing Gold check does not help when Silver fails: the level is the last one passed in order', () => {
    const facts = healthyFacts({
      agedCritical: 2,
      mttrCritical: { count: 2, medianMs: 20 * 3_600_000 },
    });
    const result = evaluateScorecard(policy, target, facts);
    expect(result.level).toBeNull();
    expect(result.blockingChecks).toEqual(['no-aged-critical-bugs']);
  });

  it('filters limit checks by kind, type, lifecycle and tag; a level with no applicable check is passed over', () => {
    const custom = readScorecardPolicy(
      new ConfigReader({
        quality: {
          scorecards: {
            checks: [
              { id: 'rework-rate', filter: { lifecycle: ['production'] } },
              { id: 'mttr-critical', filter: { tag: ['on-call'] } },
              { id: 'budget-headroom', enabled: false },
              { id: 'root-cause-coverage', enabled: false },
              { id: 'time-to-postmortem', enabled: false },
            ],
          },
        },
      }),
    );
    const experimental = { ...target, lifecycle: 'experimental' };
    const result = evaluateScorecard(custom, experimental, healthyFacts());
    expect(result.levels[2].checks).toEqual([]);
    expect(result.level).toBe('silver');
    expect(
      matchesFilter({ tag: ['on-call'] }, { ...target, tags: ['On-Call'] }),
    ).toBe(true);
    expect(matchesFilter({ kind: ['group'] }, target)).toBe(false);
  });
});
