import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ConfigReader } from '@backstage/config';
import { configApiRef } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QualityApi, qualityApiRef } from '../../api';
import {
  fakeQualityApi,
  orgFixture,
  summaryFixture,
} from '../../__fixtures__';
import { flattenTree } from './flattenTree';
import { OrgOverviewPage } from './OrgOverviewPage';

function overviewApi(answers: Array<ReturnType<typeof orgFixture> | Error>) {
  const { api } = fakeQualityApi(summaryFixture());
  const calls: unknown[] = [];
  api.getOrgOverview = async options => {
    calls.push(options);
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { api, calls };
}

// Storefront: a system of the identity squad with one component built by the cart squad.
const systemEntities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'storefront', namespace: 'default', title: 'Storefront' },
    spec: { owner: 'identity-squad' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/identity-squad' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'basket', namespace: 'default' },
    spec: { owner: 'cart-squad', system: 'storefront' },
    relations: [
      { type: 'ownedBy', targetRef: 'group:default/cart-squad' },
      { type: 'partOf', targetRef: 'system:default/storefront' },
    ],
  },
];

function render(api: QualityApi, values: string[] = []) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [qualityApiRef, api],
        [configApiRef, new ConfigReader({ quality: { values } })],
        [catalogApiRef, catalogApiMock({ entities: systemEntities })],
      ]}
    >
      <OrgOverviewPage />
    </TestApiProvider>,
  );
}

// The group tree's rows (the Initiatives under it have tables of their own).
const groupNames = () =>
  within(
    screen.getByRole('table', { name: 'Quality across the organisation' }),
  )
    .getAllByRole('row')
    .slice(1)
    .map(
      row =>
        within(row).getAllByRole('cell')[0].querySelector('a')?.textContent,
    );

describe('OrgOverviewPage', () => {
  it('shows the group tree in catalog order with each node’s figures, and the org’s values', async () => {
    const { api, calls } = overviewApi([orgFixture()]);
    await render(api, ['Every escaped bug is a teacher.']);
    await screen.findByTestId('org-row-checkout-squad');
    expect(groupNames()).toEqual([
      'acme',
      'commerce',
      'checkout-squad',
      'cart-squad',
      'platform',
      'identity-squad',
    ]);
    const checkout = within(screen.getByTestId('org-row-checkout-squad'));
    expect(checkout.getByText('Breached')).toBeInTheDocument();
    expect(checkout.getByText('10 % · 2 of 20 new bugs')).toBeInTheDocument();
    expect(checkout.getByText('1 h 30 min')).toBeInTheDocument();
    expect(
      checkout.getByLabelText(
        'Open bugs over four weeks: +6 open, going the wrong way',
      ),
    ).toBeInTheDocument();
    expect(
      checkout.getByRole('link', { name: 'checkout-squad' }),
    ).toHaveAttribute('href', '/catalog/default/group/checkout-squad/quality');
    expect(
      within(screen.getByTestId('org-row-acme')).getByText(
        '1 breached · 1 at risk · 1 within',
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('quality-values')).toHaveTextContent(
      'Every escaped bug is a teacher.',
    );
    expect(calls).toEqual([{ windowDays: 90 }]);
  });

  it('names a group the catalog put in a cycle of parents, where it is shown', async () => {
    const org = orgFixture();
    const platform = org.roots[0].children[1];
    platform.warning =
      'spec.parent forms a cycle (platform → identity-squad → platform); shown under acme until the catalog is fixed';
    const { api } = overviewApi([org]);
    await render(api);
    const row = await screen.findByTestId('org-row-platform');
    expect(within(row).getByTestId('org-row-warning')).toHaveTextContent(
      'spec.parent forms a cycle (platform → identity-squad → platform)',
    );
    expect(screen.getAllByTestId('org-row-warning')).toHaveLength(1);
  });

  it('filters by budget state and by name, keeping each match under its parents', async () => {
    const { api } = overviewApi([orgFixture()]);
    await render(api);
    await screen.findByTestId('org-row-checkout-squad');
    await userEvent.click(screen.getByRole('button', { name: /All groups/ }));
    await userEvent.click(
      within(screen.getByRole('listbox')).getByText('Breached'),
    );
    expect(groupNames()).toEqual(['acme', 'commerce', 'checkout-squad']);
    await userEvent.click(screen.getByRole('button', { name: /Breached/ }));
    await userEvent.click(
      within(screen.getByRole('listbox')).getByText('All groups'),
    );
    await userEvent.type(screen.getByLabelText('Group or owner'), 'identity');
    expect(groupNames()).toEqual(['acme', 'platform', 'identity-squad']);
    await userEvent.clear(screen.getByLabelText('Group or owner'));
    await userEvent.type(screen.getByLabelText('Group or owner'), 'nobody');
    expect(
      screen.getByText('No group matches the filter.'),
    ).toBeInTheDocument();
  });

  it('filters by system: the groups that own the system or its components, in tree order', async () => {
    const { api } = overviewApi([orgFixture()]);
    await render(api);
    await screen.findByTestId('org-row-acme');
    await userEvent.click(screen.getByRole('button', { name: /All systems/ }));
    await userEvent.click(
      within(screen.getByRole('listbox')).getByText('Storefront'),
    );
    await waitFor(() =>
      expect(groupNames()).toEqual([
        'acme',
        'commerce',
        'cart-squad',
        'platform',
        'identity-squad',
      ]),
    );
  });

  it('shows an error with retry, and no values block when none are configured', async () => {
    const { api, calls } = overviewApi([
      new Error('overview failed'),
      orgFixture(),
    ]);
    await render(api);
    expect(
      (await screen.findAllByText(/overview failed/)).length,
    ).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await screen.findByTestId('org-row-acme');
    expect(screen.queryByTestId('quality-values')).not.toBeInTheDocument();
    await waitFor(() => expect(calls).toHaveLength(2));
  });

  it('flattens depth-first and never reorders', () => {
    const rows = flattenTree(orgFixture().roots);
    expect(rows.map(r => [r.node.title, r.depth])).toEqual([
      ['acme', 0],
      ['commerce', 1],
      ['checkout-squad', 2],
      ['cart-squad', 2],
      ['platform', 1],
      ['identity-squad', 2],
    ]);
    expect(
      flattenTree(orgFixture().roots, { budget: 'at-risk' }).map(
        r => r.node.title,
      ),
    ).toEqual(['acme', 'platform', 'identity-squad']);
  });
});
