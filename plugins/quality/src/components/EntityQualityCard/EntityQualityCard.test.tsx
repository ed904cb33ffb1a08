import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { QualityApi, qualityApiRef } from '../../api';
import {
  bareComponent,
  configuredComponent,
  fakeQualityApi,
  summaryFixture,
  withCatalogRoutes,
} from '../../__fixtures__';
import { EntityQualityCard } from './EntityQualityCard';

function render(entity: Entity, api: QualityApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[qualityApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityQualityCard />
      </EntityProvider>
    </TestApiProvider>,
    withCatalogRoutes,
  );
}

describe('EntityQualityCard', () => {
  it("sums up the service's quality and its squad's budget, linking to the tab", async () => {
    const { api } = fakeQualityApi(summaryFixture());
    await render(configuredComponent, api);
    expect(await screen.findByTestId('card-open-bugs')).toHaveTextContent(
      '7 (P0 2 · P2 5)',
    );
    expect(screen.getByTestId('card-mttr')).toHaveTextContent(
      '2 h 5 min median · 4 incidents',
    );
    expect(screen.getByTestId('card-escaped')).toHaveTextContent(
      '15 % · 3 of 20 new bugs',
    );
    expect(screen.getByTestId('card-trend')).toHaveTextContent(
      '↑ 2 more open · going the wrong way',
    );
    expect(screen.getByTestId('card-budget')).toHaveTextContent(
      'Payments squad: Budget breached: bug-fix sprint next',
    );
    const tabLink = screen.getByRole('link', { name: /Quality tab/ });
    expect(tabLink).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/quality',
    );
    // In the card's header, above the figures: never below the fold.
    expect(
      tabLink.compareDocumentPosition(screen.getByTestId('card-escaped')) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
  });

  it('shows the scorecard level and the checks to act on first, with their reasons', async () => {
    const { api } = fakeQualityApi(summaryFixture());
    await render(configuredComponent, api);
    const scorecard = await screen.findByTestId('card-scorecard');
    expect(screen.getByTestId('scorecard-level')).toHaveTextContent('Bronze');
    const checks = screen.getAllByTestId('card-check');
    // Failing first, then cannot-tell, then warnings, each with its status in words; passing checks are not listed.
    expect(checks.map(c => c.textContent)).toEqual([
      'FailsEscaped defect rate at most 15 %30 % (6 escaped of 20 bugs created); needs at most 15 %',
      'Cannot tellRework rate at most 10 %Too few to rate: 0 remediation of 4 deployments (a rate needs at least 10); needs at most 10 %',
      'WarningQuality budget has headroomThe budget of Payments squad is at risk: 17 open P2 (at most 20), 0 P0/P1 older than 7 days (at most 0); needs within',
    ]);
    expect(scorecard).not.toHaveTextContent('Data source configured');
  });

  it('still shows the figures when the owning squad cannot be read', async () => {
    const { api } = fakeQualityApi(summaryFixture());
    api.getSquadSummary = async () => {
      throw new Error('no such group');
    };
    await render(configuredComponent, api);
    expect(await screen.findByTestId('card-open-bugs')).toHaveTextContent('7');
    expect(screen.queryByTestId('card-budget')).not.toBeInTheDocument();
  });

  it('says what to add when the service is not configured, without asking the API', async () => {
    const { api, calls } = fakeQualityApi(summaryFixture());
    await render(bareComponent, api);
    expect(screen.getByText(/Not configured: add one of/)).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it('says data is on its way before the first sync', async () => {
    const { api } = fakeQualityApi(summaryFixture({ hasData: false }));
    await render(configuredComponent, api);
    expect(await screen.findByText(/No quality data yet/)).toBeInTheDocument();
  });
});
