import { ResponseError } from '@backstage/errors';
import { QualityClient } from './QualityClient';

function clientAnswering(status: number, body: unknown) {
  const requested: string[] = [];
  const client = new QualityClient({
    discoveryApi: {
      getBaseUrl: async plugin => `http://backend.test/api/${plugin}`,
    },
    fetchApi: {
      fetch: async (input: any) => {
        requested.push(String(input));
        return new Response(JSON.stringify(body), {
          status,
          headers: { 'content-type': 'application/json' },
        });
      },
    },
  });
  return { client, requested };
}

describe('QualityClient', () => {
  it('asks the quality backend for the entity summary with the window', async () => {
    const { client, requested } = clientAnswering(200, {
      entityRef: 'component:default/payments-api',
    });
    const summary = await client.getEntitySummary(
      { kind: 'Component', namespace: 'default', name: 'payments-api' },
      { windowDays: 30 },
    );
    expect(summary.entityRef).toBe('component:default/payments-api');
    expect(requested).toEqual([
      'http://backend.test/api/quality/v1/entities/component/default/payments-api/summary?windowDays=30',
    ]);
  });

  it('asks for a page of the items behind a number, severities comma-separated', async () => {
    const { client, requested } = clientAnswering(200, { total: 0, items: [] });
    await client.getEntityItems(
      { kind: 'Component', namespace: 'default', name: 'payments-api' },
      { list: 'resolved-incidents', severities: ['P0', 'P1'], offset: 50 },
      { windowDays: 30 },
    );
    await client.getSquadItems(
      { namespace: 'default', name: 'Payments-Squad' },
      { list: 'open-bugs' },
    );
    expect(requested).toEqual([
      'http://backend.test/api/quality/v1/entities/component/default/payments-api/items?list=resolved-incidents&severity=P0%2CP1&offset=50&windowDays=30',
      'http://backend.test/api/quality/v1/groups/default/payments-squad/items?list=open-bugs',
    ]);
  });

  it('turns an error response into a ResponseError with the backend message', async () => {
    const { client } = clientAnswering(404, {
      error: {
        name: 'NotFoundError',
        message: 'No entity component:default/gone',
      },
      request: { method: 'GET', url: '/x' },
      response: { statusCode: 404 },
    });
    const failure = await client
      .getEntitySummary({
        kind: 'component',
        namespace: 'default',
        name: 'gone',
      })
      .catch(error => error);
    expect(failure).toBeInstanceOf(ResponseError);
    expect(failure.statusCode).toBe(404);
    expect(failure.body.error.message).toBe('No entity component:default/gone');
  });

  it('reaches every route of the contract with the window as query parameters', async () => {
    const { client, requested } = clientAnswering(200, {});
    await client.getEntityTimeSeries({
      kind: 'Component',
      namespace: 'default',
      name: 'payments-api',
    });
    await client.getSquadSummary(
      { namespace: 'default', name: 'payments-squad' },
      { from: '2026-03-01', to: '2026-03-31', timeZone: 'Europe/Berlin' },
    );
    await client.getOrgOverview({ windowDays: 180 });
    await client.getSquadTimeSeries(
      { namespace: 'default', name: 'payments-squad' },
      { windowDays: 30 },
    );
    await client.getOrgTimeSeries();
    expect(requested).toEqual([
      'http://backend.test/api/quality/v1/entities/component/default/payments-api/timeseries',
      'http://backend.test/api/quality/v1/groups/default/payments-squad/summary?from=2026-03-01&to=2026-03-31&timeZone=Europe%2FBerlin',
      'http://backend.test/api/quality/v1/org/overview?windowDays=180',
      'http://backend.test/api/quality/v1/groups/default/payments-squad/timeseries?windowDays=30',
      'http://backend.test/api/quality/v1/org/timeseries',
    ]);
  });

  it('sends the learning-loop writes with their method and JSON body', async () => {
    const sent: Array<{ url: string; method?: string; body?: unknown }> = [];
    const client = new QualityClient({
      discoveryApi: {
        getBaseUrl: async plugin => `http://backend.test/api/${plugin}`,
      },
      fetchApi: {
        fetch: async (input: any, init?: RequestInit) => {
          sent.push({
            url: String(input),
            method: init?.method,
            body: init?.body ? JSON.parse(String(init.body)) : undefined,
          });
          return new Response(JSON.stringify({ id: 7, assessed: true }), {
            status: 200,
            headers: { 'content-type': 'application/json' },
          });
        },
      },
    });
    const linked = await client.linkPostmortem(
      { kind: 'Component', namespace: 'default', name: 'Payments-API' },
      { url: 'https://docs.example.com/pm/42.md', title: 'Checkout outage' },
    );
    await client.updateAction(7, { status: 'done', fixUrl: null });
    await client.recordFollowUpReview(42, { outcome: 'loop-closed' });
    expect(linked.assessed).toBe(true);
    expect(sent).toEqual([
      {
        url: 'http://backend.test/api/quality/v1/entities/component/default/payments-api/postmortems',
        method: 'POST',
        body: {
          url: 'https://docs.example.com/pm/42.md',
          title: 'Checkout outage',
        },
      },
      {
        url: 'http://backend.test/api/quality/v1/actions/7',
        method: 'PATCH',
        body: { status: 'done', fixUrl: null },
      },
      {
        url: 'http://backend.test/api/quality/v1/postmortems/42/review',
        method: 'PUT',
        body: { outcome: 'loop-closed' },
      },
    ]);
  });
});
