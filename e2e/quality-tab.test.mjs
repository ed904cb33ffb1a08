// End-to-end: the portal's Quality tabs (service and squad) show what the API returns.
// Runs with `node --test e2e/` (see scripts/test.sh). Starts the portal unless
// QUALITY_PULSE_URL points at one that is already running.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

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
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
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
    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
    });
    await page.goto(`${appUrl}/catalog/default/component/${ENTITY}/quality`);

    // Local portals use guest sign-in.
    const enter = page.getByRole('button', { name: 'Enter' });
    await enter.waitFor({ timeout: 120_000 });
    const summaryResponse = page.waitForResponse(
      response =>
        response
          .url()
          .includes(
            `/api/quality/v1/entities/component/default/${ENTITY}/summary`,
          ) && response.status() === 200,
      { timeout: 180_000 },
    );
    await enter.click();

    // The demo sync writes its data a few seconds after start-up: reload until the tab has it.
    let summary = await (await summaryResponse).json();
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

    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({
      path: path.join(artifacts, 'quality-tab.png'),
      fullPage: true,
    });
  },
);

test(
  'a service without annotations says which annotation to add',
  { timeout: 2 * 60_000 },
  async () => {
    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
    });
    await page.goto(
      `${appUrl}/catalog/default/component/design-system/quality`,
    );
    const enter = page.getByRole('button', { name: 'Enter' });
    await enter.waitFor({ timeout: 120_000 });
    await enter.click();
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
    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
    });
    await page.goto(`${appUrl}/catalog/default/group/payments-squad/quality`);
    const enter = page.getByRole('button', { name: 'Enter' });
    await enter.waitFor({ timeout: 120_000 });
    const summaryResponse = page.waitForResponse(
      response =>
        response
          .url()
          .includes('/api/quality/v1/groups/default/payments-squad/summary') &&
        response.status() === 200,
      { timeout: 120_000 },
    );
    await enter.click();
    const summary = await (await summaryResponse).json();
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
        await page.getByRole('link', { name, exact: true }).isVisible(),
        `${name} is listed`,
      );
    }
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({
      path: path.join(artifacts, 'squad-tab.png'),
      fullPage: true,
    });
  },
);

test(
  'the overview page shows the org tree with the figures the API returns',
  { timeout: 3 * 60_000 },
  async () => {
    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
    });
    await page.goto(`${appUrl}/quality`);
    const enter = page.getByRole('button', { name: 'Enter' });
    await enter.waitFor({ timeout: 120_000 });
    const overviewResponse = page.waitForResponse(
      response =>
        response.url().includes('/api/quality/v1/org/overview') &&
        response.status() === 200,
      { timeout: 120_000 },
    );
    await enter.click();
    const overview = await (await overviewResponse).json();
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
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({
      path: path.join(artifacts, 'overview.png'),
      fullPage: true,
    });
  },
);
