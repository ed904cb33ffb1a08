import { TestDatabases } from '@backstage/backend-test-utils';
import { coalescedTrigger } from '../service/webhooks';
import { QUALITY_MIGRATIONS_DIRECTORY } from './migrations';
import { WebhookDeliveryStore } from './WebhookDeliveryStore';

jest.setTimeout(60_000);

const DAY = 24 * 60 * 60 * 1000;

describe('WebhookDeliveryStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'remembers each delivery until its own keep-until, across providers, on %p',
    async databaseId => {
      const db = await databases.init(databaseId);
      await db.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
      const store = new WebhookDeliveryStore(db);
      const at = (days: number) => days * DAY;
      const remember = (
        id: string,
        providerId: string,
        received: number,
        keep: number,
      ) =>
        store.remember({
          deliveryId: id,
          providerId,
          receivedAt: received,
          keepUntil: keep,
        });

      // Signed with a timestamp: a day is enough; unsigned: three months.
      expect(await remember('signed-1', 'incident-io', at(0), at(1))).toBe(
        true,
      );
      expect(await remember('unsigned-1', 'github', at(0), at(90))).toBe(true);
      expect(
        await remember('unsigned-1', 'github-deployments', at(0), at(90)),
      ).toBe(false);
      expect(await remember('x'.repeat(10_000), 'github', at(0), at(90))).toBe(
        true,
      );
      expect(await remember('x'.repeat(10_000), 'github', at(0), at(90))).toBe(
        false,
      );

      expect(await remember('unsigned-1', 'github', at(60), at(150))).toBe(
        false,
      );
      // Past its keep-until a record is gone (its vendor refuses the stale timestamp itself).
      expect(await remember('signed-1', 'incident-io', at(2), at(3))).toBe(
        true,
      );
      expect(await remember('unsigned-1', 'github', at(91), at(181))).toBe(
        true,
      );
      await db.destroy();
    },
  );
});

describe('coalescedTrigger', () => {
  afterEach(() => jest.useRealTimers());

  it('starts one sync at once for a burst and one more at the end of the interval', async () => {
    jest.useFakeTimers();
    const started: string[] = [];
    const trigger = coalescedTrigger(
      { triggerSync: async id => void started.push(id) },
      () => Date.now(),
    );
    await trigger('github');
    await trigger('github');
    await trigger('github');
    await trigger('pagerduty');
    expect(started).toEqual(['github', 'pagerduty']);
    jest.advanceTimersByTime(10_000);
    await Promise.resolve();
    expect(started).toEqual(['github', 'pagerduty', 'github']);
    // Quiet for an interval: the next delivery starts a sync at once again.
    jest.advanceTimersByTime(10_000);
    await trigger('github');
    expect(started).toEqual(['github', 'pagerduty', 'github', 'github']);
  });
});
