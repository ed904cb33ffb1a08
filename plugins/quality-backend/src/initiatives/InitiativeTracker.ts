import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { BudgetCeilings } from '@quality-pulse/plugin-quality-common';
import { Organisation } from '../catalog/organisation';
import { InitiativeStateStore } from '../database/InitiativeStateStore';
import { QualityMetrics } from '../metrics/QualityMetrics';
import { squadQualityLink } from '../notifications/budgetNotifications';
import { initiativeChangeMessage } from './initiativeMessages';
import { InitiativeDefinition } from './definitions';
import { flattenScope, initiativeReport } from './initiativeReport';

/**
 * Recomputes every initiative over the whole org on the scorecard schedule,
 * stores each group's state and its changes (the history the daily pulse
 * reads), and notifies a squad when it falls behind or reaches the target —
 * once per change, across instances (the state store's compare-and-set).
 */
export class InitiativeTracker {
  constructor(
    private readonly options: {
      definitions: InitiativeDefinition[];
      states: InitiativeStateStore;
      metrics: QualityMetrics;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      notifications?: NotificationService;
      defaultCeilings: BudgetCeilings;
      now?: () => number;
    },
  ) {}

  /** Loads the catalog as the plugin sees it and tracks every initiative. */
  async trackAll(): Promise<{ changes: number; notified: number }> {
    if (this.options.definitions.length === 0) {
      return { changes: 0, notified: 0 };
    }
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const org = await Organisation.load(this.options.catalog, credentials);
    return this.track(org);
  }

  async track(
    org: Organisation,
  ): Promise<{ changes: number; notified: number }> {
    const now = (this.options.now ?? Date.now)();
    let changes = 0;
    let notified = 0;
    for (const definition of this.options.definitions) {
      const report = await initiativeReport(definition, {
        metrics: this.options.metrics,
        org,
        now,
        defaultCeilings: this.options.defaultCeilings,
      });
      if (!report) continue;
      const nodes = flattenScope(report.scope);
      const won = await this.options.states.claimChanges(
        definition.id,
        nodes.map(node => ({
          groupRef: node.groupRef,
          state: node.progress.state,
          value: node.progress.current.value,
          expected: node.progress.expected,
        })),
        now,
      );
      changes += won.length;
      for (const change of won) {
        const squad = nodes.find(n => n.groupRef === change.groupRef)!;
        const message = initiativeChangeMessage(
          definition,
          change,
          squad.title,
        );
        if (!message || squad.type !== 'team' || !this.options.notifications) {
          continue;
        }
        try {
          await this.options.notifications.send({
            recipients: { type: 'entity', entityRef: change.groupRef },
            payload: {
              ...message,
              link: squadQualityLink(change.groupRef),
              topic: 'Quality initiatives',
              scope: `quality-initiative:${definition.id}:${change.groupRef}`,
            },
          });
          notified += 1;
        } catch (error) {
          this.options.logger.warn(
            `Could not notify ${change.groupRef} that it is ${change.to} on ${definition.id}: ${error}`,
          );
        }
      }
    }
    return { changes, notified };
  }
}
