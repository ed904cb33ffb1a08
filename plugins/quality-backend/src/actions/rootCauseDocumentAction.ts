import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { qualityMetricsReadPermission } from '@quality-pulse/plugin-quality-common';
import { posix } from 'node:path';
import { QualityAccess } from '../service/access';
import { POSTMORTEMS_ANNOTATION } from '../postmortems/PostmortemDocumentsProvider';
import { QualityMetrics } from '../metrics/QualityMetrics';
import { incidentSummary, timelineMarkdown } from './timelineMarkdown';

/** Where documents go when the entity names no folder of its own. */
export const DEFAULT_DOCUMENTS_PATH = 'docs/postmortems';

/**
 * Registers `prepare-root-cause-document` with the actions registry. The
 * scaffolder lists registry actions as `quality:prepare-root-cause-document`
 * (read-only, so it also runs in a template's dry-run): the root-cause
 * template calls it for the incident's facts and timeline, the file name and
 * folder the documents provider reads, and the repository to open the pull
 * request in. The caller's own credentials decide what it may see.
 */
export function registerRootCauseDocumentAction(options: {
  actionsRegistry: ActionsRegistryService;
  access: QualityAccess;
  metrics: QualityMetrics;
}) {
  const { actionsRegistry, access, metrics } = options;
  actionsRegistry.register({
    name: 'prepare-root-cause-document',
    title: 'Prepare a root-cause document for an incident',
    description:
      'Returns what a one-page root-cause document for an incident of a catalog component starts from: ' +
      "the incident's facts, its timeline (deployments of the day before, start, acknowledgement, " +
      'deployments while open, resolution) as a Markdown table, the file name and folder the Quality ' +
      "Pulse documents provider reads, and the component's GitHub repository. Without an incident, " +
      'the most recent incident no post-mortem documents yet is taken.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .describe('The component, e.g. component:default/checkout-web'),
          incident: z
            .string()
            .optional()
            .describe(
              'The incident as source:id (pagerduty:Q1ABC) or its bare id; empty for the latest undocumented one',
            ),
          requireRepository: z
            .boolean()
            .optional()
            .describe(
              'Fail when the component names no GitHub repository (a template that opens a pull request sets it)',
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          incident: z.object({
            source: z.string(),
            externalId: z.string(),
            title: z.string(),
            severity: z.string(),
            url: z.string().nullable(),
            startedAt: z.string(),
            acknowledgedAt: z.string().nullable(),
            resolvedAt: z.string().nullable(),
          }),
          subject: z.string().describe('source:id, for the front matter'),
          title: z.string(),
          summary: z
            .string()
            .describe(
              'One Markdown line: the linked incident, severity, start, duration',
            ),
          timeline: z.array(
            z.object({
              at: z.string(),
              event: z.string(),
              url: z.string().nullable(),
            }),
          ),
          timelineMarkdown: z.string(),
          fileName: z.string(),
          documentsPath: z.string(),
          branchName: z.string(),
          repoUrl: z
            .string()
            .nullable()
            .describe(
              'github.com?owner=…&repo=…, as publish:github:pull-request takes it',
            ),
        }),
    },
    examples: [
      {
        title: 'The latest undocumented incident of a service',
        input: { entityRef: 'component:default/checkout-web' },
      },
    ],
    action: async ({ input, credentials }) => {
      await access.authorize(
        credentials,
        qualityMetricsReadPermission,
        'read quality data',
      );
      const entityRef = componentRef(input.entityRef);
      const entity = await access.entity(credentials, entityRef);
      const repoUrl = githubRepoUrlOf(entity);
      if (input.requireRepository && !repoUrl) {
        throw new InputError(
          `entityRef ${entityRef} names no GitHub repository: add the github.com/project-slug annotation`,
        );
      }
      const incident = await metrics.findIncident(entityRef, input.incident);
      const timeline = await metrics.incidentTimeline(entityRef, incident);
      const day = incident.startedAt.slice(0, 10);
      const fileName = `${day}-${
        slug(incident.title) || slug(incident.externalId)
      }.md`;
      return {
        output: {
          entityRef,
          incident,
          subject: `${incident.source}:${incident.externalId}`,
          title: `${incident.title} (${day})`,
          summary: incidentSummary(incident),
          timeline,
          timelineMarkdown: timelineMarkdown(incident, timeline),
          fileName,
          documentsPath: documentsPathOf(entity),
          branchName: `postmortem/${fileName.replace(/\.md$/, '')}`,
          repoUrl,
        },
      };
    },
  });
}

function componentRef(text: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(text.trim(), {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    throw new InputError(`entityRef is not an entity reference: "${text}"`);
  }
}

/**
 * The annotation's folder when it is a path inside the repository, else the
 * default. The path is normalised first: `docs/../../other` leaves the
 * repository as surely as `../other` does, and a pull request cannot name it.
 */
export function documentsPathOf(entity: Entity): string {
  const annotation = entity.metadata.annotations?.[POSTMORTEMS_ANNOTATION];
  if (!annotation || /^[a-z][a-z0-9+.-]*:/i.test(annotation)) {
    return DEFAULT_DOCUMENTS_PATH;
  }
  const path = posix
    .normalize(annotation.replace(/\\/g, '/'))
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '');
  const outside =
    path === '' ||
    path === '.' ||
    path === '..' ||
    path.startsWith('../') ||
    path.startsWith('/');
  return outside ? DEFAULT_DOCUMENTS_PATH : path;
}

/** From `github.com/project-slug`, or a github.com source location. */
export function githubRepoUrlOf(entity: Entity): string | null {
  const annotations = entity.metadata.annotations ?? {};
  const slugged = /^([\w.-]+)\/([\w.-]+)$/.exec(
    annotations['github.com/project-slug'] ?? '',
  );
  const located =
    /^url:https:\/\/github\.com\/([\w.-]+)\/([\w.-]+?)(?:\.git)?(?:\/|$)/.exec(
      annotations['backstage.io/source-location'] ?? '',
    );
  const match = slugged ?? located;
  return match
    ? `github.com?owner=${encodeURIComponent(
        match[1],
      )}&repo=${encodeURIComponent(match[2])}`
    : null;
}

function slug(text: string): string {
  return text
    .toLocaleLowerCase('en-US')
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}
