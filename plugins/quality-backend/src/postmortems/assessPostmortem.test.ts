import { assessPostmortem } from './assessPostmortem';

const COMPLETE = `---
title: Checkout timeouts on 12 November
incidents: [PD-1234]
published: 2026-11-14
---

# Checkout timeouts on 12 November

## What happened
At 14:02 UTC checkout requests started timing out; 7 % failed for 38 minutes.

## Why it happened
The payment provider's client had no timeout, so a slow dependency held every worker.
The load test did not include a slow provider.

## What we are changing
- [ ] Add a 2 s timeout and a circuit breaker to the provider client — owner: group:default/payments-squad, due 2026-12-01
- Add a slow-provider scenario to the load test (@payments-qa, due 2026-12-15)

## What we are not changing, and why
We keep the single provider: a second one costs more than this risk.
`;

describe('assessPostmortem', () => {
  it('finds the four sections, the actions with owner and due date, and the front matter', () => {
    const result = assessPostmortem(COMPLETE);
    expect(result.missingSections).toEqual([]);
    expect(result.complete).toBe(true);
    expect(result.title).toBe('Checkout timeouts on 12 November');
    expect(result.frontMatter).toMatchObject({ incidents: ['PD-1234'] });
    expect(result.actions).toEqual([
      expect.objectContaining({
        owner: 'group:default/payments-squad',
        due: '2026-12-01',
        vague: false,
        line: 17,
      }),
      expect.objectContaining({ owner: 'payments-qa', due: '2026-12-15' }),
    ]);
    expect(result.blameFlags).toEqual([]);
  });

  it('names the missing sections; an empty template heading does not count', () => {
    const result = assessPostmortem(`# Outage
## What happened
The queue filled up.

## Root cause
TBD

## Action items
- Alert on queue depth, owner: @infra, due 2026-12-01
`);
    expect(result.missingSections).toEqual([
      'whyItHappened',
      'whatWeAreNotChanging',
    ]);
    expect(result.complete).toBe(false);
  });

  it('reads setext and bold headings and other words for the same sections', () => {
    const result = assessPostmortem(`Summary
=======
Search returned stale results for two hours.

Contributing factors
--------------------
The cache TTL was set in two places.

**Follow-ups:**
1. Keep the TTL in one config key — owner group:default/search-squad — due 2027-01-10

**Out of scope**
Replacing the cache: it works once configured once.
`);
    expect(result.sections).toEqual({
      whatHappened: true,
      whyItHappened: true,
      whatWeAreChanging: true,
      whatWeAreNotChanging: true,
    });
    expect(result.actions[0]).toMatchObject({
      owner: 'group:default/search-squad',
      due: '2027-01-10',
    });
    expect(result.complete).toBe(true);
  });

  it('is not complete without a concrete action: vague ones and ones without owner or date are flagged', () => {
    const result = assessPostmortem(
      COMPLETE.replace(
        /## What we are changing[\s\S]*?## What we are not/,
        `## What we are changing
- Be more careful when deploying on Fridays, owner: @ops, due 2026-12-01
- Add a deploy freeze check to CI

## What we are not`,
      ),
    );
    expect(result.actions).toEqual([
      expect.objectContaining({ vague: true, owner: 'ops' }),
      expect.objectContaining({ vague: false, owner: null, due: null }),
    ]);
    expect(result.complete).toBe(false);
  });

  it('flags wording that blames people, gently and by line, but not the team owning it', () => {
    const result = assessPostmortem(`---
title: x
---
## What happened
Alex should have run the migration first; it was Sam's fault for approving.
We should have had an alert. This is a no-blame review.
The deploy was careless.
`);
    expect(result.blameFlags).toEqual([
      { line: 5, phrase: 'Alex should have' },
      { line: 7, phrase: 'careless' },
    ]);
  });

  it('ignores headings inside code blocks and survives broken front matter', () => {
    const result = assessPostmortem(`---
title: [unclosed
---
## What happened
\`\`\`
## Why it happened
\`\`\`
The log above is from the incident.
`);
    expect(result.frontMatter).toEqual({});
    expect(result.sections.whatHappened).toBe(true);
    expect(result.sections.whyItHappened).toBe(false);
  });
});
