import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  configuredComponent,
  fakeQualityApi,
  itemsFixture,
  summaryFixture,
} from '../../__fixtures__';
import {
  render,
  watchDomNesting,
} from './__testUtils__/renderEntityQualityContent';
import { DateTime } from 'luxon';

describe('EntityQualityContent', () => {
  watchDomNesting();

  it('shows MTTR and open bugs from the API for the entity', async () => {
    const { api, calls } = fakeQualityApi(summaryFixture());
    await render(configuredComponent, api);

    expect(await screen.findByTestId('mttr-critical-median')).toHaveTextContent(
      '2 h 5 min',
    );
    expect(screen.getByTestId('mttr-critical-median-detail')).toHaveTextContent(
      'p90 3 d 0 h · 4 incidents',
    );
    expect(screen.getByTestId('mttr-overall-median')).toHaveTextContent(
      '1 h 35 min',
    );
    expect(screen.getByTestId('open-bugs-total')).toHaveTextContent('7');
    expect(
      screen.getByRole('listitem', { name: 'P2 · medium: 5 open' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('source-freshness')).toHaveTextContent(
      /demo: synced/,
    );
    expect(screen.getByTestId('escaped-defect-rate')).toHaveTextContent(
      '15 % · 3 of 20 new bugs',
    );
    expect(screen.getByText(/17 caught before release/)).toBeInTheDocument();
    expect(screen.getByTestId('root-cause-coverage')).toHaveTextContent(
      '1 of 2 escaped bugs and P0/P1 incidents have a complete post-mortem · too few to rate',
    );
    // The one linked to a post-mortem nobody assessed is named beside it.
    expect(
      screen.getByText(
        /^1 more linked, not assessed \(the incident tool holds the text\)/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('burn-down-wrong-way')).toBeInTheDocument();
    expect(screen.getByTestId('burn-down-change')).toHaveTextContent(
      '2 more open than four weeks ago.',
    );
    expect(calls[0]).toEqual({
      entity: { kind: 'Component', namespace: 'default', name: 'payments-api' },
      options: { windowDays: 90 },
    });
  });

  it('reloads for another window', async () => {
    const { api, calls } = fakeQualityApi(
      summaryFixture(),
      summaryFixture({ window: { start: 'a', end: 'b', days: 30 } }),
    );
    await render(configuredComponent, api);
    await screen.findByTestId('mttr-critical-median');

    await userEvent.click(screen.getByRole('button', { name: /Last 90 days/ }));
    await userEvent.click(
      within(screen.getByRole('listbox')).getByText('Last 30 days'),
    );

    await waitFor(() =>
      expect(calls.map(c => c.options)).toEqual([
        { windowDays: 90 },
        { windowDays: 30 },
      ]),
    );
    expect(
      await screen.findByText('Incidents resolved in the last 30 days'),
    ).toBeInTheDocument();
  });

  it('opens the items behind a number, each linking into its tracker, page by page', async () => {
    const { api, itemRequests } = fakeQualityApi(summaryFixture());
    api.getEntityItems = async (entity, request, window) => {
      itemRequests.push({ owner: entity, request, window });
      return itemsFixture(request, 60);
    };
    await render(configuredComponent, api);
    const total = await screen.findByTestId('open-bugs-total');
    await userEvent.click(within(total).getByRole('button'));

    const dialog = await screen.findByRole('dialog', { name: 'Open bugs' });
    expect(
      await within(dialog).findByRole('link', { name: /^Bug number 1,/ }),
    ).toHaveAttribute('href', 'https://acme.atlassian.net/browse/PAY-1');
    expect(within(dialog).getByTestId('items-count')).toHaveTextContent(
      'Showing 50 of 60',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Show more' }),
    );
    expect(
      await within(dialog).findByRole('link', { name: /^Bug number 60,/ }),
    ).toBeInTheDocument();
    expect(within(dialog).getByTestId('items-count')).toHaveTextContent(
      'Showing 60 of 60',
    );
    expect(itemRequests.map(r => [r.request, r.window])).toEqual([
      [{ list: 'open-bugs', limit: 50, offset: 0 }, { windowDays: 90 }],
      [{ list: 'open-bugs', limit: 50, offset: 50 }, { windowDays: 90 }],
    ]);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('survives a link that is not http(s): the item shows as text, the rest as before', async () => {
    const { api } = fakeQualityApi(summaryFixture());
    api.getEntityItems = async (_entity, request) => {
      const page = itemsFixture(request, 2);
      // eslint-disable-next-line no-script-url -- the hostile link is the input under test
      page.items[0] = { ...page.items[0], url: 'javascript:alert(1)' };
      return page;
    };
    const postmortems = api.getEntityPostmortems.bind(api);
    api.getEntityPostmortems = async (entity, window) => {
      const listed = await postmortems(entity, window);
      listed.postmortems[0] = {
        ...listed.postmortems[0],
        // eslint-disable-next-line no-script-url -- the hostile link is the input under test
        url: 'javascript:alert(2)',
      };
      return listed;
    };
    await render(configuredComponent, api);
    // The post-mortem with the bad link is listed, as text.
    const table = await screen.findByRole('table', { name: 'Post-mortems' });
    expect(within(table).getByText('Card declines after deploy')).toBeVisible();
    expect(
      within(table).queryByRole('link', {
        name: /^Card declines after deploy/,
      }),
    ).not.toBeInTheDocument();

    const total = await screen.findByTestId('open-bugs-total');
    await userEvent.click(within(total).getByRole('button'));
    const dialog = await screen.findByRole('dialog', { name: 'Open bugs' });
    expect(await within(dialog).findByText('Bug number 1')).toBeVisible();
    expect(
      within(dialog).queryByRole('link', { name: /^Bug number 1,/ }),
    ).not.toBeInTheDocument();
    expect(
      within(dialog).getByRole('link', { name: /^Bug number 2,/ }),
    ).toHaveAttribute('href', 'https://acme.atlassian.net/browse/PAY-2');
  });

  it('holds the place of the cards while the data loads', async () => {
    const { api } = fakeQualityApi(summaryFixture());
    let answer: (value: ReturnType<typeof summaryFixture>) => void = () => {};
    api.getEntitySummary = () =>
      new Promise(resolve => {
        answer = resolve;
      });
    await render(configuredComponent, api);
    expect(
      screen.getByRole('progressbar', { name: 'Loading quality data' }),
    ).toBeInTheDocument();
    answer(summaryFixture());
    expect(await screen.findByTestId('open-bugs-total')).toHaveTextContent('7');
    expect(
      screen.queryByRole('progressbar', { name: 'Loading quality data' }),
    ).not.toBeInTheDocument();
  });

  it('opens and closes the items with the keyboard alone', async () => {
    const { api } = fakeQualityApi(summaryFixture());
    await render(configuredComponent, api);
    const total = within(
      await screen.findByTestId('open-bugs-total'),
    ).getByRole('button');
    total.focus();
    await userEvent.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog', { name: 'Open bugs' });
    await within(dialog).findByRole('link', { name: /^Bug number 1,/ });
    await userEvent.keyboard('{Escape}');
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    // Focus returns to the number that opened it.
    expect(total).toHaveFocus();
  });

  it('links the parts of a rate and the incident counts to their lists', async () => {
    const { api, itemRequests } = fakeQualityApi(summaryFixture());
    await render(configuredComponent, api);
    const escaped = await screen.findByTestId('escaped-defect-rate');
    // "15 % · 3 of 20 new bugs": 3 opens the escaped bugs, 20 all reported.
    await userEvent.click(within(escaped).getByRole('button', { name: /^3:/ }));
    expect(
      await screen.findByRole('dialog', {
        name: 'Bugs that escaped to production',
      }),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));

    const critical = screen.getByTestId('mttr-critical-median-detail');
    await userEvent.click(within(critical).getByRole('button'));
    expect(
      await screen.findByRole('dialog', {
        name: 'Resolved incidents, P0 and P1',
      }),
    ).toBeInTheDocument();
    expect(itemRequests.map(r => r.request)).toEqual([
      { list: 'escaped-bugs', limit: 50, offset: 0 },
      {
        list: 'resolved-incidents',
        severities: ['P0', 'P1'],
        limit: 50,
        offset: 0,
      },
    ]);
  });

  it('gives the charts text alternatives: a sentence and a table on demand', async () => {
    const { api } = fakeQualityApi(summaryFixture());
    await render(configuredComponent, api);
    const burnDown = await screen.findByRole('figure', {
      name: 'Open bugs per severity, each day of the window',
    });
    expect(within(burnDown).getByTestId('chart-summary')).toHaveTextContent(
      'Open bugs: 5 on 18 Nov, 8 on 21 Nov (P0 2, P2 6).',
    );
    await userEvent.click(
      within(burnDown).getByRole('button', { name: 'Show as table' }),
    );
    const table = within(burnDown).getByRole('table');
    expect(
      within(table)
        .getAllByRole('row')
        .map(row => row.textContent),
    ).toEqual([
      'DayP0P2Total',
      '2026-11-18235',
      '2026-11-19246',
      '2026-11-20257',
      '2026-11-21268',
    ]);

    const mttr = await screen.findByRole('figure', {
      name: 'Median time to restore per week',
    });
    expect(within(mttr).getByTestId('chart-summary')).toHaveTextContent(
      '2 of 3 weeks had resolved incidents; in the latest, the week of 17 Nov, the median was 1 h 40 min (P0 and P1: 2 h 5 min).',
    );
  });

  it("lists the service's post-mortems and shows its squad's budget", async () => {
    const { api, writes } = fakeQualityApi(summaryFixture());
    await render(
      {
        ...configuredComponent,
        relations: [
          { type: 'ownedBy', targetRef: 'group:default/payments-squad' },
        ],
      },
      api,
    );
    const postmortems = await screen.findByRole('table', {
      name: 'Post-mortems',
    });
    const rows = within(postmortems).getAllByRole('row').slice(1);
    expect(rows.map(row => row.textContent)).toEqual([
      // External links announce that they open a new window.
      'Card declines after deploy, Opens in a new windowDraftP1Not assesseddocument larger than 256 KB, not assessedNo action itemsCard declines spike, Opens in a new window',
      `Double charge on retry, Opens in a new windowLine 12 may read as pointing at people ("Alex should have"); consider describing what the system allowed.${DateTime.fromISO(
        '2026-11-02T09:00:00.000Z',
      ).toLocaleString(
        DateTime.DATE_MED,
      )}P01 section missingMake the charge call idempotentpayments-squad · due Nov 20, 2026 (overdue)Add a retry test to the contract suitekim · due Dec 10, 2026 · fix, Opens in a new windowDue Nov 30, 2026Payments double charged, Opens in a new window`,
    ]);
    expect(
      within(rows[1]).getByRole('link', { name: /^Payments double charged/ }),
    ).toHaveAttribute('href', 'https://acme.pagerduty.com/incidents/Q0');
    // The registered template opens with this service filled in.
    // A link styled as a button (MUI gives it the button role).
    const write = await screen.findByRole('button', {
      name: 'Write a root-cause document',
    });
    const href = new URL(write.getAttribute('href')!, 'http://portal');
    expect(href.pathname).toBe('/create/templates/default/root-cause-document');
    expect(screen.queryByTestId('quality-template-missing')).toBeNull();
    expect(JSON.parse(href.searchParams.get('formData')!)).toEqual({
      component: 'component:default/payments-api',
    });
    // Ticking an action off records it as done.
    await userEvent.click(
      within(rows[1]).getByRole('checkbox', {
        name: 'Done: Make the charge call idempotent',
      }),
    );
    await waitFor(() =>
      expect(writes).toEqual([
        { call: 'updateAction', target: 11, body: { status: 'done' } },
      ]),
    );

    expect(
      await screen.findByText('Quality budget of Payments squad'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /Payments squad's quality/ }),
    ).toHaveAttribute('href', '/catalog/default/group/payments-squad/quality');
  });
});
