import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import http from 'http';
import { AddressInfo } from 'net';
import { Knex } from 'knex';
import { Organisation } from '../catalog/organisation';
import { QualityItemStore } from '../database/QualityItemStore';
import { DEFAULT_CEILINGS } from '../metrics/qualityBudget';
import {
  HOUR,
  NOW,
  RecordingNotifications,
  scenarioEntities,
  seedScenario,
} from '../__testUtils__/scorecardScenario';
import { DailyPulse } from './DailyPulse';
import { readPulseConfig } from './pulseConfig';
import { PulseDeliveryStore } from '../database/PulseDeliveryStore';
import { QualityMetrics } from '../metrics/QualityMetrics';

jest.setTimeout(60_000);

/** A stand-in for Slack's webhook endpoint: records bodies, answers with the queued statuses. */
async function fakeSlack() {
  const received: any[] = [];
  const statuses: number[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      const status = statuses.shift() ?? 200;
      if (status === 200) {
        received.push({ path: req.url, body: JSON.parse(body) });
      }
      res.writeHead(status).end(status === 200 ? 'ok' : 'invalid_payload');
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, statuses, close: () => server.close() };
}

const org = () =>
  Organisation.fromEntities(
    scenarioEntities.filter(e => e.kind === 'Group'),
    scenarioEntities.filter(e => e.kind === 'Component'),
  );

function pulseFor(
  db: Knex,
  notifications: RecordingNotifications,
  pulse: object,
) {
  return new DailyPulse({
    deliveries: new PulseDeliveryStore(db),
    metrics: new QualityMetrics(db),
    catalog: catalogServiceMock({ entities: scenarioEntities }),
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    config: readPulseConfig(new ConfigReader({ quality: { pulse } })),
    notifications,
    defaultCeilings: DEFAULT_CEILINGS,
    windowDays: 90,
    appBaseUrl: 'https://portal.example.com/',
    now: () => NOW,
  });
}

describe('DailyPulse', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it('is due once the local time has passed, on weekdays unless told otherwise', () => {
    const pulse = (config: object) =>
      pulseFor(undefined as any, new RecordingNotifications(), config);
    const stockholm = pulse({ time: '09:00', timeZone: 'Europe/Stockholm' });
    // 07:59 UTC is 08:59 in Stockholm (CET, UTC+1 in November).
    expect(stockholm.dueDate(Date.UTC(2026, 10, 24, 7, 59))).toBeNull();
    expect(stockholm.dueDate(Date.UTC(2026, 10, 24, 8, 0))).toBe('2026-11-24');
    // Saturday 28 November.
    expect(stockholm.dueDate(Date.UTC(2026, 10, 28, 12))).toBeNull();
    expect(
      pulse({ weekdaysOnly: false }).dueDate(Date.UTC(2026, 10, 28, 12)),
    ).toBe('2026-11-28');
    // 23:30 UTC on Tuesday is already Wednesday in Tokyo.
    expect(
      pulse({ time: '08:00', timeZone: 'Asia/Tokyo' }).dueDate(
        Date.UTC(2026, 10, 24, 23, 30),
      ),
    ).toBe('2026-11-25');
  });

  it.each([
    [{ time: '9am' }, /quality.pulse.time must be a 24-hour time HH:mm/],
    [
      { timeZone: 'Mars/Olympus' },
      /quality.pulse.timeZone must be an IANA time zone/,
    ],
    [
      { slack: [{ group: 'payments-squad', webhookUrl: 'hooks.slack.com/x' }] },
      /^quality.pulse.slack\[0\].webhookUrl must be an http\(s\) URL$/,
    ],
  ])(
    'rejects the config %j naming the key, never the secret',
    (pulse, message) => {
      expect(() =>
        readPulseConfig(new ConfigReader({ quality: { pulse } })),
      ).toThrow(message);
    },
  );

  it.each(databases.eachSupportedId())(
    'sends one digest per squad and channel, with the change since yesterday, on %p',
    async databaseId => {
      const db = await databases.init(databaseId);
      await seedScenario(db);
      // A P2 found this morning: the change since yesterday.
      await new QualityItemStore(db, 'jira', { now: () => NOW }).upsertBugs([
        {
          externalId: 'PAY-NEW',
          title: 'Found this morning',
          escaped: false,
          history: [
            {
              at: new Date(NOW - 2 * HOUR),
              status: 'open',
              severity: 'P2',
              entityRef: 'component:default/payments-api',
            },
          ],
        },
      ]);
      const slack = await fakeSlack();
      const config = {
        slack: [
          {
            group: 'payments-squad',
            webhookUrl: `${slack.url}/services/T1/B1/secret`,
          },
        ],
      };
      const inboxA = new RecordingNotifications();
      const inboxB = new RecordingNotifications();
      const [a, b] = await Promise.all([
        pulseFor(db, inboxA, config).deliver(org(), '2026-11-24', NOW),
        pulseFor(db, inboxB, config).deliver(org(), '2026-11-24', NOW),
      ]);
      // Two squads by notification, one by Slack: three deliveries between both instances.
      expect(a.sent + b.sent).toBe(3);
      const notifications = [...inboxA.sent, ...inboxB.sent];
      expect(notifications.map(n => n.recipients.entityRef).sort()).toEqual([
        'group:default/payments-squad',
        'group:default/search-squad',
      ]);
      const payments = notifications.find(
        n => n.recipients.entityRef === 'group:default/payments-squad',
      )!;
      expect(payments.payload).toMatchObject({
        title: 'Quality pulse: payments-squad',
        link: '/catalog/default/group/payments-squad/quality',
        topic: 'Quality pulse',
        scope: 'quality-pulse:group:default/payments-squad:2026-11-24',
      });
      expect(payments.payload.description.split('\n')).toEqual([
        'Open bugs: 2 (+1 since yesterday) — P1 1, P2 1 (+1)',
        'Escaped defect rate: 7.7 % (1 of 13 bugs created in 90 days)',
        'MTTR: median 1.5 h over 2 P0/P1 incidents',
        'Quality budget: at risk — 1 open P2 (at most 20), 0 P0/P1 older than 7 days (at most 0)',
        'Post-mortems: 1 due within 5 working days, 0 late',
      ]);

      expect(slack.received).toHaveLength(1);
      const { path, body } = slack.received[0];
      expect(path).toBe('/services/T1/B1/secret');
      expect(body.text.split('\n')[0]).toBe(
        'Quality pulse — payments-squad, 2026-11-24',
      );
      expect(body.blocks[1].text.text).toContain(
        '• Open bugs: 2 (+1 since yesterday) — P1 1, P2 1 (+1)',
      );
      expect(body.blocks[2].elements[0].text).toBe(
        "<https://portal.example.com/catalog/default/group/payments-squad/quality|Open the squad's Quality tab>",
      );

      // The same day again: nothing more is sent.
      const again = await pulseFor(db, inboxA, config).deliver(
        org(),
        '2026-11-24',
        NOW,
      );
      expect(again.sent).toBe(0);
      slack.close();
      await db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'retries a delivery that failed at the next run, without resending the others, on %p',
    async databaseId => {
      const db = await databases.init(databaseId);
      await seedScenario(db);
      const slack = await fakeSlack();
      const config = {
        slack: [{ group: 'search-squad', webhookUrl: `${slack.url}/hook` }],
      };
      const inbox = new RecordingNotifications();
      const logger = mockServices.logger.mock();
      slack.statuses.push(400); // a bad request is final for this run: no retry loop
      const pulse = new DailyPulse({
        ...(pulseFor(db, inbox, config) as any).options,
        logger,
      });
      const first = await pulse.deliver(org(), '2026-11-24', NOW);
      expect(first).toEqual({ date: '2026-11-24', sent: 2, failed: 1 });
      const warning = logger.warn.mock.calls
        .map(call => String(call[0]))
        .join('\n');
      expect(warning).toContain('Slack answered 400');
      expect(warning).not.toContain(slack.url);

      const second = await pulse.deliver(org(), '2026-11-24', NOW);
      expect(second).toEqual({ date: '2026-11-24', sent: 1, failed: 0 });
      expect(slack.received).toHaveLength(1);
      expect(inbox.sent).toHaveLength(2);
      slack.close();
      await db.destroy();
    },
  );
});
