import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { qualityApiRef } from '../../api';
import { fakeQualityApi, summaryFixture } from '../../__fixtures__';
import { TrendsCard } from './TrendsCard';

describe('TrendsCard', () => {
  it("draws a squad's twelve months, says what changed, and lists every month with its parts", async () => {
    const { api } = fakeQualityApi(summaryFixture());
    await renderInTestApp(
      <TestApiProvider apis={[[qualityApiRef, api]]}>
        <TrendsCard
          scope={{
            kind: 'group',
            group: { namespace: 'default', name: 'payments-squad' },
          }}
        />
      </TestApiProvider>,
    );
    // The fixture: escaped 6 of 25 in January, 2 of 22 in December; June
    // (2 of 8) and every root-cause month (of 5) are too few to rate.
    expect(await screen.findByTestId('chart-summary')).toHaveTextContent(
      'From Jan 26 to Dec 26: the escaped defect rate 24 % → 9.1 %; the P0/P1 MTTR median 9 h → 3 h; the rework rate 25 % → 5 %; open bugs at month end 40 → 18. Hollow points had too few items to rate.',
    );
    for (const title of [
      'Escaped defect rate',
      'P0/P1 MTTR (median)',
      'Rework rate',
      'Root-cause coverage',
      'Open bugs at month end',
    ]) {
      expect(screen.getByTestId(`trend-${title}`)).toBeInTheDocument();
    }
    fireEvent.click(screen.getByRole('button', { name: 'Show as table' }));
    const table = screen.getByRole('table', { name: 'Twelve months' });
    const june = within(table).getByRole('row', { name: /^Jun 26/ });
    expect(june).toHaveTextContent('2 of 8 new bugs · too few to rate');
    const august = within(table).getByRole('row', { name: /^Aug 26/ });
    expect(august).toHaveTextContent('No P0/P1 incident');
    const december = within(table).getByRole('row', { name: /^Dec 26/ });
    expect(december).toHaveTextContent('9 % · 2 of 22 new bugs');
    expect(december).toHaveTextContent('3 h 0 min · 3 incidents');
    expect(within(table).getAllByRole('row')).toHaveLength(13);
  });

  it('starts the sentence where the history starts', async () => {
    const { api } = fakeQualityApi(summaryFixture());
    const { months } = await api.getSquadTrends({
      namespace: 'default',
      name: 'payments-squad',
    });
    const none = {
      numerator: 0,
      denominator: 0,
      rate: null,
      lowConfidence: true,
    };
    api.getSquadTrends = async () => ({
      groupRef: 'group:default/payments-squad',
      // Nothing synced before March: zero counts and no incident.
      months: months.map((point, i) =>
        i < 2
          ? {
              ...point,
              escapedDefectRate: none,
              reworkRate: none,
              rootCauseCoverage: { ...none, linkedNotAssessed: 0 },
              mttrCritical: {
                count: 0,
                medianMs: null,
                p90Ms: null,
                meanMs: null,
              },
              openBugsAtMonthEnd: 0,
            }
          : point,
      ),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[qualityApiRef, api]]}>
        <TrendsCard
          scope={{
            kind: 'group',
            group: { namespace: 'default', name: 'payments-squad' },
          }}
        />
      </TestApiProvider>,
    );
    expect(await screen.findByTestId('chart-summary')).toHaveTextContent(
      /^From Mar 26 to Dec 26: the escaped defect rate 19.2 % → 9.1 %;.* open bugs at month end 37 → 18\./,
    );
  });

  it('shows the org, or one department when chosen', async () => {
    const { api } = fakeQualityApi(summaryFixture());
    await renderInTestApp(
      <TestApiProvider apis={[[qualityApiRef, api]]}>
        <TrendsCard scope={{ kind: 'org' }} />
      </TestApiProvider>,
    );
    expect(await screen.findByTestId('chart-summary')).toHaveTextContent(
      'open bugs at month end 40 → 18',
    );
    fireEvent.mouseDown(
      screen.getByRole('button', { name: /The whole organisation/ }),
    );
    fireEvent.click(await screen.findByRole('option', { name: 'Commerce' }));
    expect(screen.getByTestId('chart-summary')).toHaveTextContent(
      'open bugs at month end 35 → 13',
    );
  });
});
