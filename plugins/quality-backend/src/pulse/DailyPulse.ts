import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { BudgetCeilings } from '@quality-pulse/plugin-quality-common';
import { DateTime } from 'luxon';
import { Organisation } from '../catalog/organisation';
import { loadScoredCatalog } from '../catalog/scoredCatalog';
import { utcDay } from '../database/burnDownRollup';
import {
  PulseChannel as Channel,
  PulseDeliveryStore,
} from '../database/PulseDeliveryStore';
import { QualityMetrics } from '../metrics/QualityMetrics';
import { InitiativeStateStore } from '../database/InitiativeStateStore';
import type { InitiativeDefinition } from '../initiatives/definitions';
import { squadQualityLink } from '../notifications/budgetNotifications';
import { buildDigest, digestLines, PulseDigest, slackMessage } from './digest';
import { PulseConfig } from './pulseConfig';
import { postToSlack } from './slack';
import { DAY_MS } from '../time';

export interface PulseRun {
  date: string | null;
  sent: number;
  failed: number;
}

/**
 * The daily quality pulse: one digest per squad per local day, as a
 * Backstage notification and, where configured, to the squad's Slack webhook.
 * The scheduler runs it every few minutes; it sends once the configured local
 * time has passed. Each (squad, day, channel) is claimed in the database
 * before sending, so two instances never both send, and released again when
 * sending fails, so the next run retries.
 */
export class DailyPulse {
  constructor(
    private readonly options: {
      deliveries: PulseDeliveryStore;
      metrics: QualityMetrics;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      config: PulseConfig;
      notifications?: NotificationService;
      defaultCeilings: BudgetCeilings;
      windowDays: number;
      /** The initiatives, whose changes of state in the last day the pulse names. */
      initiatives?: {
        states: InitiativeStateStore;
        definitions: InitiativeDefinition[];
      };
      /** app.baseUrl, for the absolute link in Slack. */
      appBaseUrl: string;
      now?: () => number;
    },
  ) {}

  /** The squad-local date whose pulse is due at `now`, or null when none is. */
  dueDate(now: number): string | null {
    const { config } = this.options;
    const local = DateTime.fromMillis(now, { zone: config.timeZone });
    if (config.weekdaysOnly && local.weekday > 5) {
      return null;
    }
    const sendAt = local.set({
      hour: config.hour,
      minute: config.minute,
      second: 0,
      millisecond: 0,
    });
    return local >= sendAt ? local.toISODate() : null;
  }

  async run(): Promise<PulseRun> {
    const now = (this.options.now ?? Date.now)();
    const date = this.options.config.enabled ? this.dueDate(now) : null;
    if (!date) {
      return { date, sent: 0, failed: 0 };
    }
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const { org } = await loadScoredCatalog(this.options.catalog, credentials);
    return this.deliver(org, date, now);
  }

  /** Sends the digests for `date` that nobody has sent yet. */
  async deliver(
    org: Organisation,
    date: string,
    now: number,
  ): Promise<PulseRun> {
    const { deliveries, metrics, logger } = this.options;
    const squads = [...org.groups.values()].filter(
      group => group.type === 'team' && org.entitiesOf(group.ref).length > 0,
    );
    const claimed = await deliveries.claimedOn(date);
    const wanted = squads.flatMap(squad =>
      this.channelsOf(squad.ref)
        .filter(channel => !claimed.has(`${squad.ref} ${channel}`))
        .map(channel => ({ squad, channel })),
    );
    if (wanted.length === 0) {
      return { date, sent: 0, failed: 0 };
    }

    const window = {
      start: now - this.options.windowDays * DAY_MS,
      end: now,
      days: this.options.windowDays,
    };
    const entityRefs = org.allEntityRefs();
    const [facts, yesterday, changed] = await Promise.all([
      metrics.scorecardFacts(org, entityRefs, {
        window,
        now,
        defaultCeilings: this.options.defaultCeilings,
      }),
      metrics.openBugsAtEndOfDay(entityRefs, utcDay(now) - 1),
      this.initiativeChanges(now),
    ]);

    let sent = 0;
    let failed = 0;
    for (const { squad, channel } of wanted) {
      const squadFacts = facts.squads.get(squad.ref);
      if (
        !squadFacts ||
        !(await deliveries.claim(squad.ref, date, channel, now))
      ) {
        continue;
      }
      const openYesterday: Record<string, number> = {};
      for (const ref of org.entitiesOf(squad.ref)) {
        for (const [severity, count] of Object.entries(
          yesterday.get(ref) ?? {},
        )) {
          openYesterday[severity] = (openYesterday[severity] ?? 0) + count;
        }
      }
      const digest = buildDigest({
        groupRef: squad.ref,
        title: squad.title,
        date,
        facts: squadFacts,
        openYesterday,
        windowDays: this.options.windowDays,
        initiatives: changed.get(squad.ref) ?? [],
      });
      try {
        await this.send(digest, channel);
        sent += 1;
      } catch (error) {
        failed += 1;
        await deliveries.release(squad.ref, date, channel);
        logger.warn(
          `The quality pulse for ${
            squad.ref
          } (${channel}) was not delivered; will retry: ${
            (error as Error).message
          }`,
        );
      }
    }
    logger.info(`Quality pulse ${date}: ${sent} sent, ${failed} to retry`);
    return { date, sent, failed };
  }

  /** Per squad, each initiative whose state it changed to in the last day: from the first state to the last. */
  private async initiativeChanges(
    now: number,
  ): Promise<Map<string, PulseDigest['initiatives']>> {
    const { initiatives } = this.options;
    const bySquad = new Map<string, PulseDigest['initiatives']>();
    if (!initiatives || initiatives.definitions.length === 0) return bySquad;
    const titles = new Map(initiatives.definitions.map(d => [d.id, d.title]));
    for (const change of await initiatives.states.changesSince(now - DAY_MS)) {
      const title = titles.get(change.initiativeId);
      if (!title) continue;
      const lines = bySquad.get(change.groupRef) ?? [];
      const earlier = lines.find(line => line.title === title);
      if (earlier) earlier.to = change.to;
      else lines.push({ title, from: change.from, to: change.to });
      bySquad.set(change.groupRef, lines);
    }
    return bySquad;
  }

  private channelsOf(groupRef: string): Channel[] {
    const channels: Channel[] = [];
    if (this.options.notifications) {
      channels.push('notification');
    }
    if (this.options.config.slackWebhooks.has(groupRef)) {
      channels.push('slack');
    }
    return channels;
  }

  private async send(digest: PulseDigest, channel: Channel) {
    const link = squadQualityLink(digest.groupRef);
    if (channel === 'slack') {
      await postToSlack(
        this.options.config.slackWebhooks.get(digest.groupRef)!,
        slackMessage(
          digest,
          `${this.options.appBaseUrl.replace(/\/$/, '')}${link}`,
        ),
      );
      return;
    }
    await this.options.notifications!.send({
      recipients: { type: 'entity', entityRef: digest.groupRef },
      payload: {
        title: `Quality pulse: ${digest.title}`,
        description: digestLines(digest).join('\n'),
        link,
        severity: 'low',
        topic: 'Quality pulse',
        scope: `quality-pulse:${digest.groupRef}:${digest.date}`,
      },
    });
  }
}
