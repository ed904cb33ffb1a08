// The service pages: the Quality tab's figures, the guidance for a service
// without annotations, and the root-cause template.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  repoRoot,
  appUrl,
  backendUrl,
  artifacts,
  ENTITY,
  waitFor,
  formatDuration,
  formatRatio,
  screenshotBothThemes,
  openSignedIn,
  guestToken,
} from './portal.mjs';

test(
  'the Quality tab of a demo service shows the MTTR the API returns',
  { timeout: 5 * 60_000 },
  async () => {
    const opened = await openSignedIn(
      `${appUrl}/catalog/default/component/${ENTITY}/quality`,
      `/api/quality/v1/entities/component/default/${ENTITY}/summary`,
      180_000,
    );
    const page = opened.page;

    // The demo sync writes its data a few seconds after start-up: reload until the tab has it.
    let summary = opened.body;
    for (let attempt = 0; !summary.hasData && attempt < 30; attempt++) {
      await page.waitForTimeout(2000);
      const next = page.waitForResponse(
        r => r.url().includes('/summary') && r.status() === 200,
      );
      await page.reload();
      summary = await (await next).json();
    }
    assert.equal(
      summary.hasData,
      true,
      'the demo provider stored data for the service',
    );
    assert.ok(
      summary.mttr.critical.count > 0,
      'the demo service has resolved P0/P1 incidents',
    );

    const headline = page.getByTestId('mttr-critical-median');
    await headline.waitFor({ timeout: 60_000 });
    assert.equal(
      (await headline.textContent()).trim(),
      formatDuration(summary.mttr.critical.medianMs),
    );
    assert.equal(
      (await page.getByTestId('mttr-overall-median').textContent()).trim(),
      formatDuration(summary.mttr.overall.medianMs),
    );
    assert.equal(
      (await page.getByTestId('open-bugs-total').textContent()).trim(),
      String(summary.openBugs.total),
    );

    assert.equal(
      (await page.getByTestId('escaped-defect-rate').textContent()).trim(),
      formatRatio(summary.escapedDefectRate, 'new bugs'),
    );

    // The open-bug total opens the bugs behind it, as many as it says.
    const itemsResponse = page.waitForResponse(
      r => r.url().includes('/items?') && r.status() === 200,
    );
    await page.getByTestId('open-bugs-total').getByRole('button').click();
    const items = await (await itemsResponse).json();
    assert.equal(items.total, summary.openBugs.total);
    const dialog = page.getByRole('dialog', { name: 'Open bugs' });
    await dialog.getByTestId('items-count').waitFor();
    assert.equal(
      (await dialog.getByTestId('items-count').textContent()).trim(),
      `Showing ${Math.min(50, items.total)} of ${items.total}`,
    );
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Charts are drawn from the time series, with their text alternative.
    const burnDown = page.getByRole('figure', {
      name: 'Open bugs per severity, each day of the window',
    });
    await burnDown.locator('svg.recharts-surface').first().waitFor();
    assert.match(
      await burnDown.getByTestId('chart-summary').textContent(),
      new RegExp(`, ${summary.openBugs.total} on `),
    );

    // Another window: the page asks again and shows the new figures.
    const thirtyDays = page.waitForResponse(
      r => r.url().includes('/summary?windowDays=30') && r.status() === 200,
    );
    await page.getByRole('button', { name: /Last 90 days/ }).click();
    await page.getByRole('option', { name: 'Last 30 days' }).click();
    const summary30 = await (await thirtyDays).json();
    assert.equal(summary30.window.days, 30);
    await page
      .getByText('Incidents resolved in the last 30 days')
      .waitFor({ timeout: 30_000 });
    assert.equal(
      (await page.getByTestId('mttr-overall-median').textContent()).trim(),
      formatDuration(summary30.mttr.overall.medianMs),
    );
    assert.equal(
      (await page.getByTestId('escaped-defect-rate').textContent()).trim(),
      formatRatio(summary30.escapedDefectRate, 'new bugs'),
    );

    await screenshotBothThemes(page, 'quality-tab', () =>
      page.locator('svg.recharts-surface').first(),
    );
  },
);

test(
  'a service without annotations says which annotation to add',
  { timeout: 2 * 60_000 },
  async () => {
    const { page } = await openSignedIn(
      `${appUrl}/catalog/default/component/design-system/quality`,
    );
    await page
      .getByText('Quality data is not configured for this component')
      .waitFor({ timeout: 60_000 });
    assert.ok(
      await page
        .getByText(/jira\/project-key/)
        .first()
        .isVisible(),
    );
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({
      path: path.join(artifacts, 'quality-tab-not-configured.png'),
      fullPage: true,
    });
  },
);

/** The root-cause template's timeline writes time since start as `+2 h 05 min`. */
function sinceStart(ms) {
  const minutes = Math.round(ms / 60000);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return hours === 0
    ? `+${rest} min`
    : `+${hours} h ${String(rest).padStart(2, '0')} min`;
}

test(
  'the root-cause template: the service tab opens it for the service, and a dry-run writes the document with the incident timeline',
  { timeout: 5 * 60_000 },
  async () => {
    const { page } = await openSignedIn(
      `${appUrl}/catalog/default/component/checkout-web/quality`,
    );
    const write = page.getByRole('button', {
      name: 'Write a root-cause document',
    });
    await write.waitFor({ timeout: 60_000 });
    await write.click();
    await page.waitForURL(/\/create\/templates\/default\/root-cause-document/);
    const service = page.getByLabel(/^Service/).first();
    await service.waitFor({ timeout: 60_000 });
    assert.match(await service.inputValue(), /checkout-web/);
    // The filled field's label shrinks with a transition; let it settle.
    await page.waitForTimeout(1000);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({
      path: path.join(artifacts, 'root-cause-template.png'),
    });

    // The dry-run the template editor does, with the registered template.
    const token = await guestToken();
    const headers = {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    };
    const template = await (
      await fetch(
        `${backendUrl}/api/catalog/entities/by-name/template/default/root-cause-document`,
        { headers },
      )
    ).json();
    const skeleton = path.join(
      repoRoot,
      'plugins/quality-backend/templates/root-cause-document/skeleton/root-cause.md',
    );
    const response = await fetch(`${backendUrl}/api/scaffolder/v2/dry-run`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        template,
        values: { component: 'component:default/checkout-web' },
        secrets: {},
        directoryContents: [
          {
            path: 'skeleton/root-cause.md',
            base64Content: readFileSync(skeleton).toString('base64'),
          },
        ],
      }),
    });
    assert.equal(response.status, 200, await response.clone().text());
    const run = await response.json();
    assert.deepEqual(
      run.steps.map(s => s.action),
      [
        'quality:prepare-root-cause-document',
        'fetch:template:file',
        'publish:github:pull-request',
      ],
    );
    assert.ok(
      run.log.some(l => /Dry run complete/.test(l.body.message ?? '')),
      'the pull request step ran as a dry run',
    );
    assert.equal(run.directoryContents.length, 1);
    const [file] = run.directoryContents;
    assert.match(file.path, /^document\/\d{4}-\d{2}-\d{2}-[a-z0-9-]+\.md$/);
    const markdown = Buffer.from(file.base64Content, 'base64').toString('utf8');
    for (const heading of [
      '## What happened',
      '### Timeline',
      '## Why it happened',
      '## What we are changing',
      '## What we are not changing, and why',
    ]) {
      assert.ok(markdown.includes(`\n${heading}\n`), `${heading} is there`);
    }

    // The incident it documents is checkout-web's, as the quality API lists
    // it, and no post-mortem in the window documents it yet.
    const subject = /^incidents: \["demo:([^"]+)"\]$/m.exec(markdown)[1];
    const api = `${backendUrl}/api/quality/v1/entities/component/default/checkout-web`;
    const incidents = await (
      await fetch(`${api}/items?list=resolved-incidents&limit=100`, {
        headers,
      })
    ).json();
    const incident = incidents.items.find(i => i.externalId === subject);
    assert.ok(incident, `${subject} is one of checkout-web's incidents`);
    assert.ok(
      markdown.includes(
        `| Incident started: ${incident.title} (${incident.severity})`,
      ) ||
        markdown.includes(
          `[Incident started: ${incident.title} (${incident.severity})]`,
        ),
      'the timeline starts with the incident',
    );
    assert.ok(
      markdown.includes(`| ${sinceStart(incident.durationMs)} | Resolved |`),
      'the timeline ends with its resolution, as long after the start as the API says',
    );
    const { postmortems } = await (
      await fetch(`${api}/postmortems`, { headers })
    ).json();
    assert.ok(
      !postmortems.some(pm =>
        pm.subjects.some(
          s => s.kind === 'incident' && s.externalId === subject,
        ),
      ),
    );
  },
);
