import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { qualityApiRef } from '../../api';
import { fakeQualityApi, summaryFixture } from '../../__fixtures__';
import { InitiativesSection } from './InitiativesSection';
import { SquadInitiativesCard } from './SquadInitiativesCard';

describe('InitiativesSection', () => {
  it('draws the org against its trajectory, then every group in catalog order with its state', async () => {
    const { api } = fakeQualityApi(summaryFixture());
    await renderInTestApp(
      <TestApiProvider apis={[[qualityApiRef, api]]}>
        <InitiativesSection />
      </TestApiProvider>,
    );
    const card = await screen.findByTestId('initiative-halve-escapes');
    expect(
      within(card).getByText(
        /Escaped defect rate: -50 % from the baseline by 6 Mar 2027/,
      ),
    ).toBeInTheDocument();
    expect(within(card).getByTestId('chart-summary')).toHaveTextContent(
      'ACME: escaped defect rate 30 % at the start, 20 % now, against 20.6 % on the trajectory and a target of 15 %.',
    );
    // The tree: catalog order (commerce before platform, each squad under its department), never by value.
    const rows = within(card)
      .getAllByTestId(/^initiative-row-/)
      .map(row => row.getAttribute('data-testid'));
    expect(rows).toEqual([
      'initiative-row-group:default/acme',
      'initiative-row-group:default/commerce',
      'initiative-row-group:default/checkout-squad',
      'initiative-row-group:default/platform',
      'initiative-row-group:default/infra-squad',
    ]);
    const platform = within(card).getByTestId(
      'initiative-row-group:default/platform',
    );
    expect(platform).toHaveTextContent('24 % · 12 of 50');
    expect(platform).toHaveTextContent('20 % · 10 of 50');
    expect(platform).toHaveTextContent('16.5 %');
    expect(platform).toHaveTextContent('Behind');
    expect(
      within(card).getByTestId('initiative-row-group:default/infra-squad'),
    ).toHaveTextContent('20 % · 1 of 5 · too few to rate');
    expect(
      within(card).getByTestId('initiative-row-group:default/checkout-squad'),
    ).toHaveTextContent('Target reached');

    fireEvent.click(
      within(card).getByRole('button', { name: 'Show as table' }),
    );
    const table = within(card).getByRole('table', {
      name: 'Halve escaped defects: ACME',
    });
    expect(within(table).getAllByRole('row')).toHaveLength(7);
    expect(
      within(table).getByRole('row', { name: /\(now\)/ }),
    ).toHaveTextContent('20 % · 20 of 100');
  });

  it('says which services count when the initiative filters them', async () => {
    const { api } = fakeQualityApi(summaryFixture());
    const { initiatives } = await api.getOrgInitiatives();
    api.getOrgInitiatives = async () => ({
      initiatives: [
        {
          ...initiatives[0],
          services: { lifecycle: ['production'], tag: ['pci', 'sox'] },
        },
      ],
    });
    await renderInTestApp(
      <TestApiProvider apis={[[qualityApiRef, api]]}>
        <InitiativesSection />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(
        /· services with lifecycle production and tag pci or sox$/,
      ),
    ).toBeInTheDocument();
  });

  it('shows nothing when no initiative is configured', async () => {
    const { api } = fakeQualityApi(summaryFixture());
    api.getOrgInitiatives = async () => ({ initiatives: [] });
    await renderInTestApp(
      <TestApiProvider apis={[[qualityApiRef, api]]}>
        <div data-testid="page">
          <InitiativesSection />
        </div>
      </TestApiProvider>,
    );
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(screen.getByTestId('page')).toBeEmptyDOMElement();
  });
});

describe('SquadInitiativesCard', () => {
  it("shows the squad's own line against its own trajectory", async () => {
    const { api } = fakeQualityApi(summaryFixture());
    await renderInTestApp(
      <TestApiProvider apis={[[qualityApiRef, api]]}>
        <SquadInitiativesCard
          group={{ namespace: 'default', name: 'platform' }}
        />
      </TestApiProvider>,
    );
    const line = await screen.findByTestId('squad-initiative-halve-escapes');
    expect(within(line).getByTestId('initiative-state')).toHaveTextContent(
      'Behind',
    );
    expect(
      within(line).getByTestId('squad-initiative-figures'),
    ).toHaveTextContent(
      'Baseline 24 % · 12 of 50 · now 20 % · 10 of 50 · trajectory today 16.5 % · target 12 %',
    );
    expect(within(line).getByTestId('chart-summary')).toHaveTextContent(
      /^Platform: escaped defect rate/,
    );
  });
});
