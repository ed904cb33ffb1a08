import { NormalisedBug } from '@quality-pulse/plugin-quality-node';
import {
  validateBug,
  validateDeployment,
  validateIncident,
  validatePostmortem,
  ValidationRules,
} from './itemValidation';
import { DEFAULT_ENTITY_KINDS } from './normalise';

const NOW = Date.UTC(2026, 10, 24, 12);
const HOUR = 3_600_000;
const rules: ValidationRules = {
  source: 'push',
  scope: null,
  syncedAt: NOW,
  entityKinds: DEFAULT_ENTITY_KINDS,
};

const bug = (overrides: Partial<NormalisedBug> = {}): NormalisedBug => ({
  externalId: 'PAY-1',
  title: 'Refund fails',
  escaped: false,
  history: [
    {
      at: new Date(NOW - 48 * HOUR),
      status: 'open',
      severity: 'P2',
      entityRef: 'component:default/payments-api',
    },
  ],
  ...overrides,
});

describe('item validation', () => {
  it('keys items to software only, never to a user or a group', () => {
    for (const entityRef of [
      'user:default/alice',
      'group:default/payments-squad',
      'User:default/Alice',
    ]) {
      expect(() =>
        validateIncident(
          {
            externalId: 'I-1',
            entityRef,
            title: 'Down',
            severity: 'P1',
            startedAt: new Date(NOW - HOUR),
          },
          0,
          rules,
        ),
      ).toThrow(
        'incidents[0].entityRef must name a component, resource, system, api entity',
      );
    }
    expect(
      validateDeployment(
        {
          externalId: 'd-1',
          entityRef: 'resource:default/payments-db',
          deployedAt: new Date(NOW - HOUR),
          remediation: false,
        },
        0,
        rules,
      ).entity_ref,
    ).toBe('resource:default/payments-db');
    expect(() =>
      validateBug(
        bug({
          history: [
            {
              at: new Date(NOW - HOUR),
              status: 'open',
              severity: 'P2',
              entityRef: 'user:default/alice',
            },
          ],
        }),
        3,
        rules,
      ),
    ).toThrow('bugs[3].history[0].entityRef must name a component');
  });

  it('takes http(s) links only', () => {
    for (const url of [
      // eslint-disable-next-line no-script-url -- the hostile link is the input under test
      'javascript:alert(document.cookie)',
      'data:text/html,<script>x</script>',
      'file:///etc/passwd',
      'not a url',
    ]) {
      expect(() => validateBug(bug({ url }), 0, rules)).toThrow(
        'bugs[0].url must be an http(s) URL',
      );
      expect(() =>
        validatePostmortem(
          {
            externalId: 'pm',
            entityRef: 'component:default/payments-api',
            title: 'x',
            url,
            subjects: [],
          },
          0,
          rules,
        ),
      ).toThrow('postmortems[0].url must be an http(s) URL');
    }
    expect(
      validateBug(
        bug({ url: 'https://acme.atlassian.net/browse/PAY-1' }),
        0,
        rules,
      ).row.url,
    ).toBe('https://acme.atlassian.net/browse/PAY-1');
  });

  it('refuses times more than a day ahead, and accepts clock drift within it', () => {
    const startedAt = (at: number) => ({
      externalId: 'I-1',
      entityRef: 'component:default/payments-api',
      title: 'Down',
      severity: 'P1' as const,
      startedAt: new Date(at),
    });
    expect(() =>
      validateIncident(startedAt(NOW + 25 * HOUR), 2, rules),
    ).toThrow(
      'incidents[2].startedAt is more than 24 hours in the future: 2026-11-25T13:00:00.000Z',
    );
    expect(
      validateIncident(startedAt(NOW + 23 * HOUR), 2, rules).started_at,
    ).toBe(NOW + 23 * HOUR);
    expect(() =>
      validateIncident(
        { ...startedAt(NOW - HOUR), resolvedAt: new Date(NOW + 30 * HOUR) },
        0,
        rules,
      ),
    ).toThrow('incidents[0].resolvedAt is more than 24 hours in the future');
    expect(() =>
      validateBug(
        bug({
          history: [
            ...bug().history,
            {
              at: new Date(NOW + 48 * HOUR),
              status: 'closed',
              severity: 'P2',
              entityRef: 'component:default/payments-api',
            },
          ],
        }),
        0,
        rules,
      ),
    ).toThrow('bugs[0].history[1].at is more than 24 hours in the future');
  });

  it('needs a bug history that begins with the bug opening', () => {
    expect(() =>
      validateBug(
        bug({
          history: [
            {
              at: new Date(NOW - HOUR),
              status: 'closed',
              severity: 'P2',
              entityRef: 'component:default/payments-api',
            },
          ],
        }),
        1,
        rules,
      ),
    ).toThrow('bugs[1].history must begin with the bug opening (status open)');
  });

  it('follows the configured kinds', () => {
    expect(() =>
      validateDeployment(
        {
          externalId: 'd-1',
          entityRef: 'resource:default/payments-db',
          deployedAt: new Date(NOW - HOUR),
          remediation: false,
        },
        0,
        { ...rules, entityKinds: ['component'] },
      ),
    ).toThrow(
      'deployments[0].entityRef must name a component entity, not a resource',
    );
  });
});
