import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { qualityApiRef } from '../../api';
import {
  bareComponent,
  configuredComponent,
  fakeQualityApi,
  summaryFixture,
} from '../../__fixtures__/entities';
import { EntityQualityContent } from './EntityQualityContent';
import { Entity } from '@backstage/catalog-model';
import { QualityApi } from '../../api';

function render(entity: Entity, api: QualityApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[qualityApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityQualityContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityQualityContent', () => {
  it('shows MTTR and open bugs from the API for the entity', async () => {
    const { api, calls } = fakeQualityApi(summaryFixture());
    await render(configuredComponent, api);

    expect(await screen.findByTestId('mttr-critical-median')).toHaveTextContent(
      '2 h 5 min',
    );
    expect(screen.getByText(/p90 3 d 0 h · 4 incidents/)).toBeInTheDocument();
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
      '1 of 2 escaped bugs and P0/P1 incidents have a post-mortem · too few to rate',
    );
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

  it('names the annotations to add when the entity is not configured', async () => {
    const { api, calls } = fakeQualityApi(summaryFixture());
    await render(bareComponent, api);

    expect(
      screen.getByText('Quality data is not configured for this component'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /jira\/project-key, github\.com\/project-slug, linear\.app\/team-key/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /pagerduty\.com\/service-id, opsgenie\.com\/component-selector/,
      ),
    ).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it('says the first sync is still running when there is no data yet', async () => {
    const { api } = fakeQualityApi(
      summaryFixture({ hasData: false, sources: [] }),
    );
    await render(configuredComponent, api);
    expect(await screen.findByText('No quality data yet')).toBeInTheDocument();
    expect(screen.queryByTestId('source-freshness')).not.toBeInTheDocument();
  });

  it('names a failing source while nothing is stored, so the owner can fix it', async () => {
    const { api } = fakeQualityApi(
      summaryFixture({
        hasData: false,
        sources: [
          {
            providerId: 'jira-cloud',
            lastSucceededAt: null,
            lastError:
              'Jira search of project PAY: HTTP 401 Request failed: 401 Unauthorized',
          },
        ],
      }),
    );
    await render(configuredComponent, api);
    expect(await screen.findByText('No quality data yet')).toBeInTheDocument();
    expect(screen.getByTestId('source-freshness')).toHaveTextContent(
      'jira-cloud: not synced yet (last error: Jira search of project PAY: HTTP 401 Request failed: 401 Unauthorized)',
    );
  });

  it('shows the error and loads again on retry', async () => {
    const { api, calls } = fakeQualityApi(
      new Error('backend unavailable'),
      summaryFixture(),
    );
    await render(configuredComponent, api);

    expect(
      (await screen.findAllByText(/backend unavailable/)).length,
    ).toBeGreaterThan(0);
    expect(screen.getByText(/Could not load quality data/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));

    expect(await screen.findByTestId('mttr-critical-median')).toHaveTextContent(
      '2 h 5 min',
    );
    expect(calls).toHaveLength(2);
  });
});
