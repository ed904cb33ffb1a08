import { ConfigReader } from '@backstage/config';
import {
  hasAnyOf,
  readTrackerClassification,
  severityOf,
} from './classification';

const defaults = {
  severity: { Highest: 'P0', High: 'P1', Medium: 'P2' } as const,
  bugLabels: ['bug'],
  escapedLabels: ['escaped'],
};

describe('tracker classification', () => {
  it('maps vendor values case-insensitively to the most severe match, never guessing', () => {
    expect(severityOf(['medium', 'HIGH'], defaults.severity)).toBe('P1');
    expect(severityOf([' Highest '], defaults.severity)).toBe('P0');
    expect(severityOf(['Trivial', undefined, null], defaults.severity)).toBe(
      'unclassified',
    );
    expect(hasAnyOf(['Found-In:Production'], ['found-in:production'])).toBe(
      true,
    );
    expect(hasAnyOf([undefined], ['bug'])).toBe(false);
  });

  it('adds severity overrides to the defaults and replaces label lists', () => {
    const classification = readTrackerClassification(
      new ConfigReader({
        severity: { Medium: 'P3', Blocker: 'P0' },
        bugLabels: ['defect'],
      }),
      defaults,
      'quality.providers.jira.cloud',
    );
    expect(classification.severity).toEqual({
      Highest: 'P0',
      High: 'P1',
      Medium: 'P3',
      Blocker: 'P0',
    });
    expect(classification.bugLabels).toEqual(['defect']);
    expect(classification.escapedLabels).toEqual(['escaped']);
  });

  it('rejects a severity that is not on the scale, naming the key', () => {
    expect(() =>
      readTrackerClassification(
        new ConfigReader({ severity: { Urgent: 'critical' } }),
        defaults,
        'quality.providers.linear.acme',
      ),
    ).toThrow(
      'quality.providers.linear.acme.severity.Urgent is "critical": use one of P0, P1, P2, P3, P4, unclassified',
    );
  });
});
