import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QualityApi, qualityApiRef } from '../../api';
import {
  fakeSquadApi,
  squadFixture,
  squadGroup,
  withCatalogRoutes,
} from '../../__fixtures__';
import { GroupQualityContent } from './GroupQualityContent';

function render(api: QualityApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[qualityApiRef, api]]}>
      <EntityProvider entity={squadGroup}>
        <GroupQualityContent />
      </EntityProvider>
    </TestApiProvider>,
    withCatalogRoutes,
  );
}

describe('GroupQualityContent', () => {
  it('shows a breached budget as a bug-fix sprint, with what consumes it', async () => {
    const { api, calls } = fakeSquadApi(squadFixture());
    await render(api);
    expect(await screen.findByTestId('budget-breached')).toHaveTextContent(
      'The next sprint is a bug-fix sprint',
    );
    expect(screen.getByTestId('budget-open-p2')).toHaveTextContent(
      'Open P2 bugs: 22 of 20 allowed',
    );
    expect(screen.getByTestId('budget-aged-critical')).toHaveTextContent(
      'P0/P1 bugs open more than 7 days: 1 of 0 allowed',
    );
    expect(
      screen.getByRole('link', { name: /PAY-42 Refund double-charges/ }),
    ).toHaveAttribute('href', 'https://acme.atlassian.net/browse/PAY-42');
    expect(
      screen.getByText('P1 · high · payments-api · open 14 days'),
    ).toBeInTheDocument();
    expect(calls[0]).toEqual({
      group: { namespace: 'default', name: 'payments-squad' },
      options: { windowDays: 90 },
    });
  });

  it('lists the services in name order with their figures and links to their tabs', async () => {
    const { api } = fakeSquadApi(squadFixture());
    await render(api);
    await screen.findByText('ledger-service');
    const table = screen
      .getAllByRole('table')
      .find(t => within(t).queryByText('ledger-service'))!;
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map(row =>
        within(row)
          .getAllByRole('cell')
          .map(cell => cell.textContent),
      ),
    ).toEqual([
      ['ledger-service', '8', '0', '1 of 4 new bugs escaped · too few to rate'],
      ['payments-api', '15', '1', '15 % · 3 of 20 new bugs escaped'],
    ]);
    expect(
      within(rows[1]).getByRole('link', { name: 'payments-api' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/quality',
    );
    expect(screen.getByTestId('squad-scope')).toHaveTextContent('2 components');
    expect(screen.getByTestId('open-bugs-total')).toHaveTextContent('7');
  });

  it('says so when the squad is within budget, and shows no budget for a group that is not a squad', async () => {
    const within90 = squadFixture({
      budget: {
        ...squadFixture().budget!,
        state: 'within',
        openP2: { used: 4, ceiling: 20 },
        agedCritical: { used: 0, ceiling: 0, nearlyAged: 0 },
      },
      budgetConsumers: [],
    });
    const department = squadFixture({ budget: null, budgetConsumers: [] });
    const first = fakeSquadApi(within90);
    const { unmount } = await render(first.api);
    expect(await screen.findByText('Within budget')).toBeInTheDocument();
    expect(screen.queryByTestId('budget-breached')).not.toBeInTheDocument();
    unmount();
    await render(fakeSquadApi(department).api);
    await screen.findByTestId('open-bugs-total');
    expect(screen.queryByText('Quality budget')).not.toBeInTheDocument();
  });

  it('reloads for another window, and recovers from an error on retry', async () => {
    const { api, calls } = fakeSquadApi(
      new Error('backend down'),
      squadFixture(),
    );
    await render(api);
    expect((await screen.findAllByText(/backend down/)).length).toBeGreaterThan(
      0,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await screen.findByTestId('budget-breached');
    await userEvent.click(screen.getByRole('button', { name: /Last 90 days/ }));
    await userEvent.click(
      within(screen.getByRole('listbox')).getByText('Last 30 days'),
    );
    await waitFor(() =>
      expect(calls.map(c => c.options)).toEqual([
        { windowDays: 90 },
        { windowDays: 90 },
        { windowDays: 30 },
      ]),
    );
  });

  it('shows the champion, follow-ups due, overdue actions and bug-bash results, and records a review', async () => {
    const { api, writes } = fakeSquadApi(squadFixture());
    await render(api);
    const champion = await screen.findByTestId('quality-champion');
    expect(champion).toHaveTextContent('sam');
    expect(champion).toHaveTextContent('6-week term');
    expect(champion).toHaveTextContent('Next rotation Dec 21, 2026: kim');

    const followUps = screen.getByTestId('quality-follow-ups');
    expect(
      within(followUps)
        .getAllByRole('row')
        .slice(1)
        .map(row => row.textContent),
    ).toEqual([
      'Double charge on retry, Opens in a new windowpayments-apiNov 30, 20261Record…',
    ]);
    expect(followUps).toHaveTextContent(
      'Make the charge call idempotent (payments-squad, due Nov 20, 2026 (overdue), from Double charge on retry',
    );

    const bashes = screen.getByTestId('quality-bug-bashes');
    expect(
      within(bashes)
        .getAllByRole('row')
        .slice(1)
        .map(row => row.textContent),
    ).toEqual([
      'Checkout bug-bashlabel bug-bash-novNov 18, 202621 of 211Due Dec 16, 2026',
    ]);

    await userEvent.click(
      within(followUps).getByRole('button', {
        name: 'Record the review of Double charge on retry',
      }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'Loop closed' }),
    );
    await waitFor(() =>
      expect(writes).toEqual([
        {
          call: 'recordFollowUpReview',
          target: 1,
          body: { outcome: 'loop-closed' },
        },
      ]),
    );
  });

  it('explains an empty squad', async () => {
    await render(
      fakeSquadApi(squadFixture({ entityRefs: [], entities: [] })).api,
    );
    expect(
      await screen.findByText('This group owns no components yet'),
    ).toBeInTheDocument();
  });
});
