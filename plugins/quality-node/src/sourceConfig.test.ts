import { ConfigReader } from '@backstage/config';
import { readAccountConfig, readInstanceConfigs } from './sourceConfig';

const DEFAULTS = { baseUrl: 'https://api.rootly.com', requestBudget: 1000 };

describe('readAccountConfig', () => {
  it('is undefined when the vendor is not configured', () => {
    const root = new ConfigReader({ quality: { providers: {} } });
    expect(readAccountConfig(root, 'rootly', DEFAULTS)).toBeUndefined();
  });

  it("reads the settings every source has over the vendor's defaults, the id being the key and the backfill a year unless given", () => {
    const root = new ConfigReader({
      quality: {
        providers: {
          rootly: { apiKey: 'k', backfillDays: 30 },
          other: { baseUrl: 'https://rootly.internal', requestBudget: 10 },
        },
      },
    });
    expect(readAccountConfig(root, 'rootly', DEFAULTS)!.settings).toEqual({
      id: 'rootly',
      baseUrl: 'https://api.rootly.com',
      backfillDays: 30,
      requestBudget: 1000,
      reconcileHours: undefined,
      schedule: undefined,
    });
    const other = readAccountConfig(root, 'other', {
      ...DEFAULTS,
      id: 'other-tool',
      reconcileHours: 24,
    })!;
    expect(other.settings).toMatchObject({
      id: 'other-tool',
      backfillDays: 365,
      baseUrl: 'https://rootly.internal',
      requestBudget: 10,
      reconcileHours: 24,
    });
    expect(other.config.getOptionalString('apiKey')).toBeUndefined();
  });

  it('reads a severity map at any key, adding to the defaults and naming a bad entry by its path', () => {
    const root = new ConfigReader({
      quality: {
        providers: {
          pagerduty: { urgency: { high: 'P0' }, priority: { P9: 'P7' } },
        },
      },
    });
    const account = readAccountConfig(root, 'pagerduty', DEFAULTS)!;
    expect(account.readSeverity('urgency', { high: 'P1', low: 'P3' })).toEqual({
      high: 'P0',
      low: 'P3',
    });
    expect(account.readSeverity('severity', { SEV1: 'P0' })).toEqual({
      SEV1: 'P0',
    });
    expect(() => account.readSeverity('priority', {})).toThrow(
      'quality.providers.pagerduty.priority.P9 is "P7"',
    );
  });
});

describe('readInstanceConfigs', () => {
  it('names each instance by its key, the only one being the default', () => {
    const root = new ConfigReader({
      quality: { providers: { jira: { main: { baseUrl: 'x' } } } },
    });
    expect(readInstanceConfigs(root, 'jira')).toEqual([
      expect.objectContaining({
        path: 'quality.providers.jira.main',
        id: 'jira-main',
        instance: 'main',
        isDefaultInstance: true,
      }),
    ]);
  });
});
