import { ConfigReader } from '@backstage/config';
import { hmacSha256Hex } from '@quality-pulse/plugin-quality-node';
import { readPagerDutyConfig } from './config';
import { PagerDutyQualityProvider } from './PagerDutyQualityProvider';

const NOW = '2026-11-24T12:00:00.000Z';
const TOKEN = 'pd_quality_test';

describe('PagerDuty webhooks', () => {
  it('verifies v3 webhook signatures, also while a secret rotates', () => {
    const secret = 'pd-webhook-secret';
    const provider = new PagerDutyQualityProvider({
      ...readPagerDutyConfig(
        new ConfigReader({
          quality: {
            providers: { pagerduty: { token: TOKEN, webhookSecret: secret } },
          },
        }),
      )!,
      schedule: undefined,
    });
    const body = Buffer.from(
      JSON.stringify({
        event: {
          id: '01DEN2HNSFKRNM3XKTHLMH4F2T',
          event_type: 'incident.resolved',
        },
      }),
    );
    const signature = `v1=${hmacSha256Hex(secret, body)}`;
    const verify = (headers: Record<string, string>, raw = body) =>
      provider.webhook!.verify({ rawBody: raw, headers }, new Date(NOW));
    expect(verify({ 'x-pagerduty-signature': signature })).toEqual({
      deliveryId: '01DEN2HNSFKRNM3XKTHLMH4F2T',
    });
    expect(
      verify({
        'x-pagerduty-signature': `v1=${hmacSha256Hex(
          'old',
          body,
        )},${signature}`,
      }),
    ).toEqual({
      deliveryId: '01DEN2HNSFKRNM3XKTHLMH4F2T',
    });
    expect(
      verify({ 'x-pagerduty-signature': `v1=${hmacSha256Hex('wrong', body)}` }),
    ).toEqual({
      rejected: 'X-PagerDuty-Signature does not match',
    });
    expect(
      verify({ 'x-pagerduty-signature': signature }, Buffer.from('{}')),
    ).toEqual({
      rejected: 'X-PagerDuty-Signature does not match',
    });
    expect(verify({})).toEqual({
      rejected: 'X-PagerDuty-Signature does not match',
    });
  });
});
