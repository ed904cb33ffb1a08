import {
  HISTORY_QUERY,
  ISSUE_IDS_QUERY,
  ISSUES_QUERY,
} from './LinearQualityProvider';
import {
  LINEAR_COMPLEXITY_LIMIT,
  linearComplexity,
  linearQueryErrors,
  linearResponseErrors,
} from './__testUtils__/linearContract';

describe('Linear queries', () => {
  it('are valid against Linear’s published schema and cost well under its complexity limit', () => {
    for (const query of [ISSUES_QUERY, ISSUE_IDS_QUERY, HISTORY_QUERY]) {
      expect(linearQueryErrors(query)).toEqual([]);
    }
    // The provider asks for 50 issues a page and 250 ids; headroom of 40 % at least.
    const issues = linearComplexity(ISSUES_QUERY, { first: 50 });
    expect(issues).toBeLessThanOrEqual(LINEAR_COMPLEXITY_LIMIT * 0.6);
    expect(linearComplexity(ISSUE_IDS_QUERY, { first: 250 })).toBeLessThan(
      LINEAR_COMPLEXITY_LIMIT * 0.6,
    );
    expect(linearComplexity(HISTORY_QUERY)).toBeLessThan(
      LINEAR_COMPLEXITY_LIMIT * 0.6,
    );
    // The query before: every label and 100 history entries per issue.
    const before = ISSUES_QUERY.replace(/labels\(first: \d+\)/, 'labels')
      .replace(/history\(first: \d+\)/, 'history(first: 100)')
      .replace(
        /history\(first: 100\) \{([^}]*\}[^}]*\}[^}]*\})\s*pageInfo \{ hasNextPage endCursor \}/,
        'history(first: 100) {$1',
      );
    expect(linearComplexity(before, { first: 50 })).toBeGreaterThan(
      LINEAR_COMPLEXITY_LIMIT,
    );
    expect(linearQueryErrors('query { issues { nodes { nope } } }')).toEqual([
      'Cannot query field "nope" on type "Issue".',
    ]);
  });

  it('answers are read back through the published schema: a shape it does not allow is an error', () => {
    const query = 'query { issue(id: "x") { id priority state { type } } }';
    const answer = (issue: object) =>
      linearResponseErrors(query, {}, { issue });
    expect(
      answer({ id: 'i1', priority: 2, state: { type: 'started' } }),
    ).toEqual([]);
    expect(
      answer({ id: null, priority: 2, state: { type: 'started' } }),
    ).toEqual([
      'answer at issue.id: Cannot return null for non-nullable field Issue.id.',
    ]);
    expect(answer({ id: 'i1', priority: 'high', state: {} })).toEqual([
      'answer at issue.priority: Float cannot represent non numeric value: "high"',
    ]);
  });
});
