import { IncidentIoIncident } from './IncidentIoClient';
import { IncidentIoMapping, toItems } from './incidentToItems';

const mapping: IncidentIoMapping = {
  catalogField: 'Affected services',
  severity: { Critical: 'P0', Major: 'P1' },
  startedTimestamps: ['Impact started'],
  acknowledgedTimestamps: ['Accepted at'],
  resolvedTimestamps: ['Resolved at'],
};

function incident(
  category: string,
  timestamps: Record<string, string>,
): IncidentIoIncident {
  return {
    id: '01HXYZ',
    reference: 'INC-42',
    name: 'Checkout down',
    created_at: '2026-11-20T10:00:00Z',
    updated_at: '2026-11-23T17:00:00Z',
    severity: { name: 'Major' },
    incident_status: { name: 'Closed', category },
    incident_timestamp_values: Object.entries(timestamps).map(
      ([name, value]) => ({
        incident_timestamp: { name },
        value: { value },
      }),
    ),
  };
}

describe('incident.io incidents', () => {
  it('is resolved at its resolution timestamp, and not resolved without one', () => {
    const refs = ['component:default/payments-api', 'component:default/ledger'];
    const resolved = toItems(
      incident('closed', { 'Resolved at': '2026-11-20T12:30:00Z' }),
      refs,
      mapping,
    );
    expect(
      resolved.incidents.map(i => [i.externalId, i.incidentKey, i.resolvedAt]),
    ).toEqual([
      [
        '01HXYZ:component:default/payments-api',
        '01HXYZ',
        new Date('2026-11-20T12:30:00Z'),
      ],
      [
        '01HXYZ:component:default/ledger',
        '01HXYZ',
        new Date('2026-11-20T12:30:00Z'),
      ],
    ]);
    // Closed without a resolution time: its last update (three days later) is no MTTR.
    const unknown = toItems(incident('closed', {}), refs, mapping);
    expect(unknown.incidents.map(i => i.resolvedAt)).toEqual([
      undefined,
      undefined,
    ]);
  });

  it('counts the learning phase as restored, and paused or a category added later as open', () => {
    const refs = ['component:default/payments-api'];
    const resolvedAt = (category: string) =>
      toItems(
        incident(category, { 'Resolved at': '2026-11-20T12:30:00Z' }),
        refs,
        mapping,
      ).incidents[0].resolvedAt;
    expect(resolvedAt('learning')).toEqual(new Date('2026-11-20T12:30:00Z'));
    expect(resolvedAt('closed')).toEqual(new Date('2026-11-20T12:30:00Z'));
    expect(resolvedAt('live')).toBeUndefined();
    expect(resolvedAt('paused')).toBeUndefined();
    expect(resolvedAt('a-category-added-later')).toBeUndefined();
  });
});
