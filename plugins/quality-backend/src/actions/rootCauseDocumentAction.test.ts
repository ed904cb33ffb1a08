import {
  mockCredentials,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { testAccess, testComponent } from '../__testUtils__/catalogEntities';
import { QUALITY_MIGRATIONS_DIRECTORY } from '../database/migrations';
import { QualityItemStore } from '../database/QualityItemStore';
import {
  documentsPathOf,
  registerRootCauseDocumentAction,
} from './rootCauseDocumentAction';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTemplateRenderer, TemplateValue } from 'nunjitsu';
import { parse as parseYaml } from 'yaml';
import { documentToPostmortem } from '../postmortems/documentToPostmortem';
import { QualityMetrics } from '../metrics/QualityMetrics';

jest.setTimeout(60_000);

const CHECKOUT = 'component:default/checkout-web';
const START = Date.parse('2026-11-20T14:05:00Z');
const MIN = 60_000;

describe('prepare-root-cause-document action', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function setUp(
    databaseId: TestDatabaseId,
    permission:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) {
    const db = await databases.init(databaseId);
    await db.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
    const pagerduty = new QualityItemStore(db, 'pagerduty');
    await pagerduty.upsertIncidents([
      {
        externalId: 'Q1',
        entityRef: CHECKOUT,
        title: 'Payment | step times out',
        url: 'https://acme.pagerduty.com/incidents/Q1',
        severity: 'P1',
        startedAt: new Date(START),
        acknowledgedAt: new Date(START + 4 * MIN),
        resolvedAt: new Date(START + 134 * MIN),
      },
      {
        // Later and documented below: not the one a bare run picks.
        externalId: 'Q2',
        entityRef: CHECKOUT,
        title: 'Basket empty after sign-in',
        severity: 'P2',
        startedAt: new Date(START + 2 * 86_400_000),
        resolvedAt: new Date(START + 2 * 86_400_000 + 30 * MIN),
      },
      {
        // Another service's incident with the same id as one of ours elsewhere.
        externalId: 'Q3',
        entityRef: 'component:default/cart-service',
        title: 'Cart service down',
        severity: 'P0',
        startedAt: new Date(START + 3 * 86_400_000),
      },
    ]);
    await new QualityItemStore(db, 'opsgenie').upsertIncidents([
      {
        externalId: 'Q2',
        entityRef: CHECKOUT,
        title: 'Same id, other tool',
        severity: 'P3',
        startedAt: new Date(START - 86_400_000),
        resolvedAt: new Date(START - 86_400_000 + MIN),
      },
    ]);
    await new QualityItemStore(db, 'wiki').upsertPostmortems([
      {
        externalId: 'PM-Q2',
        entityRef: CHECKOUT,
        title: 'Basket empty after sign-in',
        url: 'https://wiki.example.com/pm-q2',
        subjects: [{ kind: 'incident', externalId: 'Q2', source: 'pagerduty' }],
      },
      {
        externalId: 'PM-OPS-Q2',
        entityRef: CHECKOUT,
        title: 'Same id, other tool',
        url: 'https://wiki.example.com/pm-ops-q2',
        subjects: [{ kind: 'incident', externalId: 'Q2', source: 'opsgenie' }],
      },
    ]);
    await new QualityItemStore(db, 'ci').upsertDeployments([
      // Two days before: outside the day the timeline looks back over.
      {
        externalId: 'd-old',
        entityRef: CHECKOUT,
        deployedAt: new Date(START - 48 * 3_600_000),
        remediation: false,
      },
      {
        externalId: 'd-1',
        entityRef: CHECKOUT,
        deployedAt: new Date(START - 40 * MIN),
        remediation: false,
        url: 'https://ci.example.com/d-1',
      },
      {
        externalId: 'd-fix',
        entityRef: CHECKOUT,
        deployedAt: new Date(START + 90 * MIN),
        remediation: true,
      },
      // After the resolution: not part of the incident.
      {
        externalId: 'd-later',
        entityRef: CHECKOUT,
        deployedAt: new Date(START + 200 * MIN),
        remediation: false,
      },
    ]);
    const actions = actionsRegistryServiceMock();
    registerRootCauseDocumentAction({
      actionsRegistry: actions,
      access: testAccess(
        catalogServiceMock({
          entities: [
            testComponent('checkout-web', {
              annotations: {
                'github.com/project-slug': 'acme-retail/checkout-web',
                'quality.backstage.io/postmortems': './docs/incidents/',
              },
            }),
            testComponent('cart-service'),
          ],
        }),
        permission,
      ),
      metrics: new QualityMetrics(db),
    });
    const invoke = (input: object) =>
      actions.invoke({
        id: 'test:prepare-root-cause-document',
        input,
        credentials: mockCredentials.user(),
      });
    return { db, invoke };
  }

  it.each(databases.eachSupportedId())(
    'takes the latest undocumented incident and lays out its timeline, %p',
    async databaseId => {
      const { db, invoke } = await setUp(databaseId);
      const { output } = await invoke({ entityRef: 'checkout-web' });
      expect(output).toMatchObject({
        entityRef: CHECKOUT,
        incident: {
          source: 'pagerduty',
          externalId: 'Q1',
          severity: 'P1',
          startedAt: '2026-11-20T14:05:00.000Z',
          resolvedAt: '2026-11-20T16:19:00.000Z',
        },
        subject: 'pagerduty:Q1',
        title: 'Payment | step times out (2026-11-20)',
        summary:
          '[Payment | step times out](https://acme.pagerduty.com/incidents/Q1) · P1 · started 2026-11-20 14:05 UTC · resolved after 2 h 14 min',
        fileName: '2026-11-20-payment-step-times-out.md',
        documentsPath: 'docs/incidents',
        branchName: 'postmortem/2026-11-20-payment-step-times-out',
        repoUrl: 'github.com?owner=acme-retail&repo=checkout-web',
      });
      expect((output as any).timeline.map((e: any) => e.event)).toEqual([
        'Deployment d-1',
        'Incident started: Payment | step times out (P1)',
        'Acknowledged',
        'Remediation deployment d-fix',
        'Resolved',
      ]);
      expect((output as any).timelineMarkdown.split('\n')).toEqual([
        '| Time (UTC) | Since start | Event |',
        '| --- | --- | --- |',
        '| 2026-11-20 13:25 | −40 min | [Deployment d-1](https://ci.example.com/d-1) |',
        '| 2026-11-20 14:05 | +0 min | [Incident started: Payment \\| step times out (P1)](https://acme.pagerduty.com/incidents/Q1) |',
        '| 2026-11-20 14:09 | +4 min | Acknowledged |',
        '| 2026-11-20 15:35 | +1 h 30 min | Remediation deployment d-fix |',
        '| 2026-11-20 16:19 | +2 h 14 min | Resolved |',
      ]);
      await db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'finds a named incident by source:id or bare id, only among the entity’s own, %p',
    async databaseId => {
      const { db, invoke } = await setUp(databaseId);
      const named = await invoke({
        entityRef: 'component:default/checkout-web',
        incident: 'pagerduty:Q2',
      });
      expect(named.output).toMatchObject({
        subject: 'pagerduty:Q2',
        summary: expect.stringMatching(/^Basket empty after sign-in · P2 · /),
      });
      // Q2 is both a PagerDuty and an Opsgenie id of checkout-web.
      await expect(
        invoke({ entityRef: 'checkout-web', incident: 'Q2' }),
      ).rejects.toThrow(
        'incident "Q2" names more than one incident of component:default/checkout-web; write it as source:id',
      );
      await expect(
        invoke({ entityRef: 'checkout-web', incident: 'Q3' }),
      ).rejects.toThrow(
        'incident "Q3" is not one of component:default/checkout-web\'s',
      );
      // An open incident's timeline ends with "Still open".
      const open = await invoke({ entityRef: 'cart-service', incident: 'Q3' });
      expect((open.output as any).timeline.at(-1).event).toBe('Still open');
      expect(open.output).toMatchObject({
        repoUrl: null,
        documentsPath: 'docs/postmortems',
      });
      await db.destroy();
    },
  );

  it('names the field that is wrong, and checks permission and visibility', async () => {
    const { db, invoke } = await setUp('SQLITE_3');
    await expect(invoke({ entityRef: 'component:' })).rejects.toThrow(
      'entityRef is not an entity reference',
    );
    await expect(invoke({ entityRef: 'nope' })).rejects.toThrow(
      'No entity component:default/nope in the catalog, or not visible to you',
    );
    await expect(
      invoke({ entityRef: 'cart-service', requireRepository: true }),
    ).rejects.toThrow(
      'entityRef component:default/cart-service names no GitHub repository',
    );
    await db.destroy();

    const denied = await setUp('SQLITE_3', AuthorizeResult.DENY);
    await expect(denied.invoke({ entityRef: 'checkout-web' })).rejects.toThrow(
      'Not allowed to read quality data',
    );
    await denied.db.destroy();
  });

  it('feeds the root-cause template: its steps render a draft the documents provider reads', async () => {
    const { db, invoke } = await setUp('SQLITE_3');
    const { output } = await invoke({
      entityRef: 'checkout-web',
      requireRepository: true,
    });
    const folder = resolve(__dirname, '../../templates/root-cause-document');
    const templateText = readFileSync(`${folder}/template.yaml`, 'utf8');
    // Every output the template reads is one the action gives.
    const used = [...templateText.matchAll(/steps\.prepare\.output\.(\w+)/g)];
    expect(used.length).toBeGreaterThan(5);
    for (const [, key] of used) expect(output).toHaveProperty(key);

    // Render the document step as the scaffolder does (same engine, nunjitsu).
    const template = parseYaml(templateText);
    const step = template.spec.steps.find((s: any) => s.id === 'document');
    const renderer = createTemplateRenderer({});
    const context = {
      parameters: { component: 'component:default/checkout-web' },
      steps: { prepare: { output: output as TemplateValue } },
    };
    const values = Object.fromEntries(
      Object.entries(step.input.values as Record<string, string>).map(
        ([key, value]) => [key, renderer.render(value, context)],
      ),
    );
    const markdown = renderer.render(
      readFileSync(`${folder}/skeleton/root-cause.md`, 'utf8'),
      { values },
    );
    expect(markdown).toContain((output as any).timelineMarkdown);

    const draft = documentToPostmortem(markdown, 'fallback');
    expect(draft).toMatchObject({
      title: 'Payment | step times out (2026-11-20)',
      publishedAt: undefined,
      complete: false,
      subjects: [{ kind: 'incident', source: 'pagerduty', externalId: 'Q1' }],
      assessment: {
        // The timeline fills "what happened"; the squad writes the rest.
        missingSections: [
          'whyItHappened',
          'whatWeAreChanging',
          'whatWeAreNotChanging',
        ],
        blameFlags: [],
        vagueActions: 0,
      },
      actions: [],
    });

    // Filled in under the template's own headings, it is complete.
    const filled = markdown
      .replace('# published:', 'published: 2026-11-23 #')
      .replace(
        '## Why it happened\n',
        '## Why it happened\n\nThe gateway client had no timeout.\n',
      )
      .replace(
        '## What we are changing\n',
        '## What we are changing\n\n- [ ] Add a 5 s timeout to the gateway client, owner: group:default/checkout-squad, due 2026-12-04\n',
      )
      .replace(
        '## What we are not changing, and why\n',
        '## What we are not changing, and why\n\nA second gateway: one timeout is enough.\n',
      );
    expect(documentToPostmortem(filled, 'fallback')).toMatchObject({
      complete: true,
      publishedAt: new Date('2026-11-23T00:00:00Z'),
      actions: [{ owner: 'group:default/checkout-squad', due: '2026-12-04' }],
    });
    await db.destroy();
  });
});

describe('documentsPathOf', () => {
  const folderOf = (annotation: string) =>
    documentsPathOf(
      testComponent('checkout-web', {
        annotations: { 'quality.backstage.io/postmortems': annotation },
      }),
    );

  it('keeps a folder inside the repository, tidied', () => {
    expect(folderOf('./docs/incidents/')).toBe('docs/incidents');
    expect(folderOf('docs/./incidents//')).toBe('docs/incidents');
    expect(folderOf('docs/old/../incidents')).toBe('docs/incidents');
  });

  it('refuses any folder that normalises outside the repository', () => {
    for (const outside of [
      '../other/repo',
      'docs/../../other/repo',
      './docs/../..',
      '/etc',
      'docs\\..\\..\\other',
      '.',
      'https://github.com/other/repo/tree/main/docs',
    ]) {
      expect(folderOf(outside)).toBe('docs/postmortems');
    }
  });
});
