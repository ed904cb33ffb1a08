import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { qualityApiRef } from '../../api';
import {
  fakeQualityApi,
  scorecardFixture,
  summaryFixture,
} from '../../__fixtures__';
import { ScorecardCard } from './ScorecardCard';

describe('ScorecardCard', () => {
  it('shows the level, every check by level with its result and reason, and the level history', async () => {
    const { api } = fakeQualityApi(summaryFixture());
    await renderInTestApp(
      <TestApiProvider apis={[[qualityApiRef, api]]}>
        <ScorecardCard
          scope={{
            kind: 'group',
            group: { namespace: 'default', name: 'payments-squad' },
          }}
        />
      </TestApiProvider>,
    );
    expect(await screen.findByTestId('scorecard-level')).toHaveTextContent(
      'Bronze',
    );
    expect(screen.getByTestId('scorecard-next')).toHaveTextContent(
      'Silver needs 1 more check to pass',
    );

    const silver = screen.getByTestId('scorecard-level-silver');
    expect(
      within(silver).getByText('Silver · not reached'),
    ).toBeInTheDocument();
    const escaped = within(silver).getByTestId('check-escaped-defect-rate');
    expect(within(escaped).getByTitle('Fails')).toBeInTheDocument();
    expect(escaped).toHaveTextContent(
      '30 % (6 escaped of 20 bugs created); needs at most 15 %',
    );
    // Its last 90 days: the fixture evaluated it first on 2 Oct, failing from 20 Nov.
    expect(
      within(escaped).getByRole('img', {
        name: 'Passes from 2 Oct, Fails from 20 Nov',
      }),
    ).toBeInTheDocument();
    const late = within(silver).getByTestId('check-postmortems-on-time');
    expect(
      within(late).getByRole('img', {
        name: 'Passes from 2 Oct, Fails from 16 Oct, Passes from 30 Oct',
      }),
    ).toBeInTheDocument();

    const gold = screen.getByTestId('scorecard-level-gold');
    expect(
      within(within(gold).getByTestId('check-rework-rate')).getByTitle(
        'Cannot tell',
      ),
    ).toBeInTheDocument();
    expect(
      within(within(gold).getByTestId('check-budget-headroom')).getByTitle(
        'Warning',
      ),
    ).toBeInTheDocument();

    const history = screen.getByTestId('scorecard-history');
    expect(history).toHaveTextContent('Nov 20, 2026: Silver → Bronze');
    expect(history).toHaveTextContent('Oct 2, 2026: reached Silver');
  });

  it('says when it was computed from only the services the caller can see', async () => {
    const { api } = fakeQualityApi(summaryFixture());
    api.getSquadScorecard = async () => ({
      ...scorecardFixture('group:default/payments-squad', 'squad'),
      levelSince: null,
      history: [],
      visibleOnly: true,
    });
    await renderInTestApp(
      <TestApiProvider apis={[[qualityApiRef, api]]}>
        <ScorecardCard
          scope={{
            kind: 'group',
            group: { namespace: 'default', name: 'payments-squad' },
          }}
        />
      </TestApiProvider>,
    );
    expect(
      await screen.findByTestId('scorecard-visible-only'),
    ).toHaveTextContent(
      'Computed from the services you can see in the catalog',
    );
    expect(screen.queryByTestId('scorecard-history')).not.toBeInTheDocument();
  });

  it('says when a level only waits for the one below it', async () => {
    const { api } = fakeQualityApi(summaryFixture());
    api.getEntityScorecard = async entity => {
      const card = scorecardFixture(
        `component:default/${entity.name}`,
        'entity',
      );
      card.level = null;
      card.levels[0].reached = false;
      card.levels[0].checks[1].status = 'fail';
      card.levels[1].checks = card.levels[1].checks.filter(
        c => c.status === 'pass',
      );
      return card;
    };
    await renderInTestApp(
      <TestApiProvider apis={[[qualityApiRef, api]]}>
        <ScorecardCard
          scope={{
            kind: 'entity',
            entity: {
              kind: 'component',
              namespace: 'default',
              name: 'payments-api',
            },
          }}
        />
      </TestApiProvider>,
    );
    expect(await screen.findByTestId('scorecard-level')).toHaveTextContent(
      'No level',
    );
    expect(
      screen.getByText('Silver · its checks pass; needs Bronze first'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('scorecard-next')).toHaveTextContent(
      'Bronze needs 1 more check to pass',
    );
  });

  it('says when the scorecard has not been evaluated yet, and offers a retry on errors', async () => {
    const { api } = fakeQualityApi(summaryFixture());
    let fail = true;
    api.getEntityScorecard = async entity => {
      if (fail) {
        fail = false;
        throw new Error('backend down');
      }
      return {
        scopeRef: `component:${entity.namespace}/${entity.name}`,
        scopeKind: 'entity',
        evaluatedAt: null,
        level: null,
        levelSince: null,
        levels: [],
        history: [],
        checkChanges: [],
      };
    };
    await renderInTestApp(
      <TestApiProvider apis={[[qualityApiRef, api]]}>
        <ScorecardCard
          scope={{
            kind: 'entity',
            entity: {
              kind: 'component',
              namespace: 'default',
              name: 'payments-api',
            },
          }}
        />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(/Could not load the scorecard/),
    ).toBeInTheDocument();
    screen.getByRole('button', { name: 'Retry' }).click();
    expect(await screen.findByText(/Not evaluated yet/)).toBeInTheDocument();
  });
});
