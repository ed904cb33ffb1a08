import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  bareComponent,
  configuredComponent,
  fakeQualityApi,
  summaryFixture,
} from '../../__fixtures__';
import {
  render,
  watchDomNesting,
} from './__testUtils__/renderEntityQualityContent';

describe('EntityQualityContent before and without data', () => {
  watchDomNesting();

  it('says how to register the root-cause template while the catalog holds none, without a failing lookup', async () => {
    const { api } = fakeQualityApi(summaryFixture());
    const catalogApi = catalogApiMock({ entities: [] });
    const byRef = jest.spyOn(catalogApi, 'getEntityByRef');
    await render(configuredComponent, api, [], catalogApi);
    await screen.findByRole('table', { name: 'Post-mortems' });
    expect(
      await screen.findByTestId('quality-template-missing'),
    ).toHaveTextContent(
      'register the template templates/root-cause-document/template.yaml shipped in @quality-pulse/plugin-quality-backend',
    );
    // A lookup by ref of a missing entity is a 404 in the browser's console.
    expect(byRef).not.toHaveBeenCalled();
    expect(
      screen.getByRole('button', { name: 'Link a post-mortem' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Write a root-cause document' }),
    ).not.toBeInTheDocument();
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
