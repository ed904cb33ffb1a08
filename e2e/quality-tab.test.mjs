// End-to-end: the portal's Quality tabs (service and squad) show what the API returns.
// Runs with `node --test e2e/` (see scripts/test.sh). Starts the portal unless
// QUALITY_PULSE_URL points at one that is already running.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchHeadlessChromium } from './headlessChromium.mjs';

const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
);
const appUrl = process.env.QUALITY_PULSE_URL ?? 'http://localhost:3000';
const backendUrl =
  process.env.QUALITY_PULSE_BACKEND_URL ?? 'http://localhost:7007';
const artifacts = path.join(repoRoot, 'e2e', 'artifacts');
const ENTITY = 'payments-api';

let portal;
let browser;

async function answers(url) {
  try {
    return (
      (await fetch(url, { signal: AbortSignal.timeout(2000) })).status < 500
    );
  } catch {
    return false;
  }
}

async function waitFor(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** Mirrors plugins/quality/src/components/formatDuration.ts: the page must show exactly this. */
function formatDuration(ms) {
  if (ms === null) return '—';
  const minutes = Math.round(ms / 60000);
  if (minutes < 1) return '< 1 min';
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60)
    return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${Math.floor(minutes / 1440)} d ${Math.floor(
    (minutes % 1440) / 60,
  )} h`;
}

/** Mirrors plugins/quality/src/components/formatRatio.ts. */
function formatRatio(ratio, noun) {
  if (ratio.denominator === 0) return `No ${noun} in this window`;
  const parts = `${ratio.numerator} of ${ratio.denominator} ${noun}`;
  if (ratio.lowConfidence || ratio.rate === null) {
    return `${parts} · too few to rate`;
  }
  return `${Math.round(ratio.rate * 100)} % · ${parts}`;
}

/**
 * Saves the page in Backstage's light theme, then in its dark theme (the
 * theme choice lives in localStorage, as the settings page stores it).
 * `ready` names what must be visible before each screenshot.
 */
async function screenshotBothThemes(page, name, ready) {
  mkdirSync(artifacts, { recursive: true });
  await ready().waitFor({ timeout: 60_000 });
  await page.screenshot({
    path: path.join(artifacts, `${name}.png`),
    fullPage: true,
  });
  await page.evaluate(() => localStorage.setItem('theme', 'dark'));
  await page.reload();
  await ready().waitFor({ timeout: 60_000 });
  // Charts are a lazy chunk: give them a moment to draw after the data.
  await page.waitForTimeout(1500);
  await page.screenshot({
    path: path.join(artifacts, `${name}-dark.png`),
    fullPage: true,
  });
  await page.evaluate(() => localStorage.removeItem('theme'));
}

/**
 * Opens `url` in a new page, signs in as the guest (local portals), and
 * returns the page with the JSON of the first successful response whose URL
 * contains `apiPath` — the figures the page itself was given.
 */
async function openSignedIn(url, apiPath, responseTimeout = 120_000) {
  const page = await browser.newPage({
    viewport: { width: 1400, height: 1000 },
  });
  await page.goto(url);
  const enter = page.getByRole('button', { name: 'Enter' });
  await enter.waitFor({ timeout: 120_000 });
  const response = apiPath
    ? page.waitForResponse(
        r => r.url().includes(apiPath) && r.status() === 200,
        { timeout: responseTimeout },
      )
    : undefined;
  await enter.click();
  return { page, body: response ? await (await response).json() : undefined };
}

before(async () => {
  const running = await answers(`${backendUrl}/.backstage/health/v1/readiness`);
  if (running) {
    console.log(`# using the portal already running at ${appUrl}`);
  } else if (!process.env.QUALITY_PULSE_URL) {
    portal = spawn('npx', ['backstage-cli', 'repo', 'start'], {
      cwd: repoRoot,
      detached: true,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, BROWSER: 'none' },
    });
  }
  await waitFor(`${backendUrl}/.backstage/health/v1/readiness`, 5 * 60_000);
  await waitFor(appUrl, 5 * 60_000);
  browser = await launchHeadlessChromium();
});

after(async () => {
  await browser?.close();
  if (portal) {
    try {
      process.kill(-portal.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
});

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

test(
  'the squad tab shows the budget and open bugs the API returns',
  { timeout: 3 * 60_000 },
  async () => {
    const { page, body: summary } = await openSignedIn(
      `${appUrl}/catalog/default/group/payments-squad/quality`,
      '/api/quality/v1/groups/default/payments-squad/summary',
    );
    assert.ok(summary.entityRefs.length > 0, 'the squad owns components');
    assert.ok(summary.budget, 'a team has a quality budget');

    const openBugs = page.getByTestId('open-bugs-total');
    await openBugs.waitFor({ timeout: 60_000 });
    assert.equal(
      (await openBugs.textContent()).trim(),
      String(summary.openBugs.total),
    );
    assert.equal(
      (await page.getByTestId('budget-open-p2').textContent()).trim(),
      `Open P2 bugs: ${summary.budget.openP2.used} of ${summary.budget.openP2.ceiling} allowed`,
    );
    assert.equal(
      await page.getByTestId('budget-breached').isVisible(),
      summary.budget.state === 'breached',
    );
    for (const ref of summary.entityRefs) {
      const name = ref.split('/').pop();
      assert.ok(
        // The follow-up list may link the service too: the first is the table's.
        await page.getByRole('link', { name, exact: true }).first().isVisible(),
        `${name} is listed`,
      );
    }
    await screenshotBothThemes(page, 'squad-tab', () =>
      page.locator('svg.recharts-surface').first(),
    );
  },
);

test(
  'the overview page shows the org tree with the figures the API returns',
  { timeout: 3 * 60_000 },
  async () => {
    const { page, body: overview } = await openSignedIn(
      `${appUrl}/quality`,
      '/api/quality/v1/org/overview',
    );
    const root = overview.roots[0];
    const rootName = root.groupRef.split('/').pop();
    const row = page.getByTestId(`org-row-${rootName}`);
    await row.waitFor({ timeout: 60_000 });
    assert.ok(
      (await row.textContent()).includes(String(root.openBugs.total)),
      'the root row shows the open bug total',
    );
    assert.ok(
      await page
        .getByRole('link', { name: 'Quality', exact: true })
        .first()
        .isVisible(),
      'the page is in the sidebar',
    );
    await screenshotBothThemes(page, 'overview', () =>
      page.getByTestId(`org-row-${rootName}`),
    );
  },
);

test(
  "the overview tab's scorecard and the home page's squads card show the API's figures",
  { timeout: 3 * 60_000 },
  async () => {
    const { page, body: summary } = await openSignedIn(
      `${appUrl}/catalog/default/component/${ENTITY}`,
      `/entities/component/default/${ENTITY}/summary`,
    );
    const card = page.getByTestId('card-open-bugs');
    await card.waitFor({ timeout: 60_000 });
    assert.ok(
      (await card.textContent()).startsWith(String(summary.openBugs.total)),
    );
    await screenshotBothThemes(page, 'scorecard-card', () =>
      page.getByTestId('card-open-bugs'),
    );

    // The demo guest belongs to the checkout and payments squads.
    const squadResponse = page.waitForResponse(
      r =>
        r.url().includes('/groups/default/payments-squad/summary') &&
        r.status() === 200,
      { timeout: 60_000 },
    );
    await page.goto(`${appUrl}/home`);
    const squad = await (await squadResponse).json();
    const table = page.getByRole('table', { name: "My squads' quality" });
    await table.waitFor({ timeout: 60_000 });
    const row = table.getByRole('row', { name: /Payments squad/ });
    assert.ok(
      (await row.textContent()).includes(String(squad.openBugs.total)),
      'the payments squad row shows its open bugs',
    );
    await screenshotBothThemes(page, 'home-my-squads', () =>
      page.getByRole('table', { name: "My squads' quality" }),
    );
  },
);

/**
 * Opens `url` until the page's own scorecard request (matching `apiPath`)
 * answers with an evaluated scorecard: the backend evaluates shortly after
 * start, once the demo data is in.
 */
async function openWithEvaluatedScorecard(url, apiPath) {
  const deadline = Date.now() + 120_000;
  const { page, body } = await openSignedIn(url, apiPath);
  let scorecard = body;
  while (!scorecard.evaluatedAt && Date.now() < deadline) {
    await page.waitForTimeout(5000);
    const next = page.waitForResponse(
      r => r.url().includes(apiPath) && r.status() === 200,
      { timeout: 120_000 },
    );
    await page.reload();
    scorecard = await (await next).json();
  }
  return { page, scorecard };
}

test(
  "the squad tab's scorecard and the service card show the API's level, failing checks and their reasons",
  { timeout: 5 * 60_000 },
  async () => {
    const { page, scorecard: squad } = await openWithEvaluatedScorecard(
      `${appUrl}/catalog/default/group/payments-squad/quality`,
      '/groups/default/payments-squad/scorecard',
    );
    assert.ok(squad.evaluatedAt, 'the scorecards were evaluated');
    const levelTitle = id =>
      id === null ? 'No level' : squad.levels.find(l => l.id === id).title;
    const level = page.getByTestId('scorecard-level').first();
    await level.waitFor({ timeout: 60_000 });
    assert.equal((await level.textContent()).trim(), levelTitle(squad.level));
    const checks = squad.levels.flatMap(l => l.checks);
    assert.ok(checks.length >= 9, 'the default checks apply to a squad');
    for (const check of checks) {
      const row = page.getByTestId(`check-${check.checkId}`);
      const text = await row.textContent();
      assert.ok(text.includes(check.title), `${check.checkId} is shown`);
      assert.ok(
        text.includes(check.reason),
        `${check.checkId} gives its reason`,
      );
    }
    await screenshotBothThemes(page, 'squad-scorecard', () =>
      page.getByTestId('scorecard-level').first(),
    );

    // A fresh browser context signs in again, like the first visit.
    const { page: servicePage, scorecard: service } =
      await openWithEvaluatedScorecard(
        `${appUrl}/catalog/default/component/${ENTITY}`,
        `/entities/component/default/${ENTITY}/scorecard`,
      );
    const card = servicePage.getByTestId('card-scorecard');
    await card.waitFor({ timeout: 60_000 });
    const shown = await card.textContent();
    assert.ok(shown.includes(levelTitle(service.level)));
    const failing = service.levels
      .flatMap(l => l.checks)
      .filter(c => c.status === 'fail');
    // The card lists the checks to act on first: failing ones lead.
    for (const check of failing.slice(0, 3)) {
      assert.ok(shown.includes(check.reason), `${check.checkId} is explained`);
    }
  },
);

/** A backend token for the guest, as the portal's own pages use. */
async function guestToken() {
  const response = await fetch(`${backendUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  return (await response.json()).backstageIdentity.token;
}

test(
  "the learning loop: the service tab lists post-mortems with completeness and actions; the squad tab shows follow-ups, the champion and a bug-bash's results",
  { timeout: 5 * 60_000 },
  async () => {
    // Plan the demo's bug-bash (six days ago, label bug-bash) as a squad would, once.
    const token = await guestToken();
    const headers = {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    };
    const squadApi = `${backendUrl}/api/quality/v1/groups/default/checkout-squad`;
    const bashDay = new Date(Date.now() - 6 * 24 * 3_600_000)
      .toISOString()
      .slice(0, 10);
    const before = await (
      await fetch(`${squadApi}/learning`, { headers })
    ).json();
    if (!before.bugBashes.some(b => b.start === bashDay)) {
      const created = await fetch(`${squadApi}/bug-bashes`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          title: 'Checkout bug-bash',
          label: 'bug-bash',
          start: bashDay,
          end: bashDay,
        }),
      });
      assert.equal(created.status, 201);
    }

    const { page: servicePage, body: listing } = await openSignedIn(
      `${appUrl}/catalog/default/component/checkout-web/quality`,
      '/entities/component/default/checkout-web/postmortems',
    );
    const table = servicePage.getByRole('table', { name: 'Post-mortems' });
    await table.waitFor({ timeout: 60_000 });
    const rows = await table.locator('tbody tr').allTextContents();
    assert.equal(rows.length, listing.postmortems.length);
    listing.postmortems.forEach((pm, i) => {
      assert.ok(rows[i].includes(pm.title), `${pm.title} is listed in order`);
      let completeness = 'Not assessed';
      if (pm.complete === true) completeness = 'Complete';
      else if (pm.complete === false) completeness = 'missing';
      assert.ok(
        rows[i].includes(completeness) ||
          rows[i].includes('No concrete action'),
      );
      for (const action of pm.actions) {
        assert.ok(rows[i].includes(action.text), 'its actions are listed');
      }
    });
    mkdirSync(artifacts, { recursive: true });
    await servicePage
      .getByTestId('quality-postmortems')
      .screenshot({ path: path.join(artifacts, 'service-postmortems.png') });

    const { page, body: learning } = await openSignedIn(
      `${appUrl}/catalog/default/group/checkout-squad/quality`,
      '/groups/default/checkout-squad/learning',
    );
    const champion = page.getByTestId('quality-champion');
    await champion.waitFor({ timeout: 60_000 });
    assert.ok(
      learning.champion,
      'the squad has a champion from its annotation',
    );
    // The link shows the user's display name once the catalog answers, its
    // ref's name until then.
    const championName = learning.champion.current.split('/').pop();
    const championUser = await (
      await fetch(
        `${backendUrl}/api/catalog/entities/by-name/user/default/${championName}`,
        { headers },
      )
    ).json();
    const shownChampion = await champion.textContent();
    assert.ok(
      [championName, championUser.spec?.profile?.displayName]
        .filter(Boolean)
        .some(name => shownChampion.includes(name)),
      `the champion ${championName} is named in "${shownChampion}"`,
    );
    const bash = learning.bugBashes.find(b => b.start === bashDay);
    assert.ok(bash.found > 0, 'the bash found bugs labelled bug-bash');
    const bashRow = await page
      .getByTestId('quality-bug-bashes')
      .locator('tbody tr')
      .first()
      .textContent();
    assert.ok(bashRow.includes(`${bash.withRootCauseNote} of ${bash.found}`));
    const followUps = await page
      .getByTestId('quality-follow-ups')
      .textContent();
    for (const due of learning.followUpsDue) {
      assert.ok(followUps.includes(due.title), `${due.title} is due`);
    }
    for (const action of learning.overdueActions) {
      assert.ok(followUps.includes(action.text), 'overdue actions are listed');
    }
    await screenshotBothThemes(page, 'squad-learning', () =>
      page.getByTestId('quality-bug-bashes'),
    );
    await page
      .getByTestId('quality-follow-ups')
      .screenshot({ path: path.join(artifacts, 'squad-follow-ups.png') });
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
