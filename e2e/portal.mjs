// The portal the end-to-end tests share: started once (unless QUALITY_PULSE_URL
// points at a running one) for every test module this process imports, with
// the helpers the tests open pages and read answers with.
import { before, after } from 'node:test';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchHeadlessChromium } from './headlessChromium.mjs';

export const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
);
export const appUrl = process.env.QUALITY_PULSE_URL ?? 'http://localhost:3000';
export const backendUrl =
  process.env.QUALITY_PULSE_BACKEND_URL ?? 'http://localhost:7007';
export const artifacts = path.join(repoRoot, 'e2e', 'artifacts');
export const ENTITY = 'payments-api';

let portal;
/** The headless browser, launched once the portal answers. */
export let browser;

export async function answers(url) {
  try {
    return (
      (await fetch(url, { signal: AbortSignal.timeout(2000) })).status < 500
    );
  } catch {
    return false;
  }
}

export async function waitFor(url, timeoutMs) {
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
export function formatDuration(ms) {
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
export function formatRatio(ratio, noun) {
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
export async function screenshotBothThemes(page, name, ready) {
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
export async function openSignedIn(url, apiPath, responseTimeout = 120_000) {
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

/**
 * Opens `url` until the page's own scorecard request (matching `apiPath`)
 * answers with a stored evaluation: the backend evaluates shortly after start,
 * once the demo data is in. An evaluation made while the catalog was still
 * filling covers fewer services than the page sees, and the page then shows a
 * scorecard computed just now, without history (`visibleOnly`): the guest, an
 * admin of the demo, asks for an evaluation of the whole catalog as it is now.
 */
export async function openWithEvaluatedScorecard(url, apiPath) {
  const deadline = Date.now() + 150_000;
  const { page, body } = await openSignedIn(url, apiPath);
  let scorecard = body;
  let asked = false;
  while (
    (!scorecard.evaluatedAt || scorecard.visibleOnly) &&
    Date.now() < deadline
  ) {
    if (scorecard.visibleOnly && !asked) {
      const evaluation = await fetch(
        `${backendUrl}/api/quality/v1/scorecards/evaluate`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${await guestToken()}` },
        },
      );
      asked = evaluation.status === 202;
    }
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

/** A backend token for the guest, as the portal's own pages use. */
export async function guestToken() {
  const response = await fetch(`${backendUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  return (await response.json()).backstageIdentity.token;
}
