// Starts a wired app on free ports and, in headless Chromium, opens a
// component's Quality tab, a group's Quality tab and /quality, checking that
// each shows the figure its API answer holds. Screenshots go to <work>.
//   node look.mjs <app> <new|legacy> <work>
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { launchHeadlessChromium } from '../../e2e/headlessChromium.mjs';

const [app, system, work] = process.argv.slice(2);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const startLog = path.join(work, `start-${system}.log`);

async function waitFor(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (/Backend startup failed/.test(fs.readFileSync(startLog, 'utf8'))) {
      throw new Error(`the backend did not start: see ${startLog}`);
    }
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise(r => setTimeout(r, 2000));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

const [appPort, backendPort] = [await freePort(), await freePort()];
const appUrl = `http://localhost:${appPort}`;
const backendUrl = `http://localhost:${backendPort}`;
const ports = path.join(app, 'app-config.ports.yaml');
fs.writeFileSync(
  ports,
  [
    `app:\n  baseUrl: ${appUrl}`,
    `backend:\n  baseUrl: ${backendUrl}\n  listen:\n    port: ${backendPort}`,
    `  cors:\n    origin: ${appUrl}`,
  ].join('\n') + '\n',
);
const portal = spawn(
  'npx',
  [
    'backstage-cli',
    'repo',
    'start',
    '--config',
    path.join(app, 'app-config.yaml'),
    '--config',
    ports,
  ],
  {
    cwd: app,
    detached: true,
    stdio: ['ignore', fs.openSync(startLog, 'w'), 'inherit'],
    env: { ...process.env, BROWSER: 'none' },
  },
);
const stop = () => {
  try {
    process.kill(-portal.pid, 'SIGTERM');
  } catch {
    // already gone
  }
};

let browser;
try {
  await waitFor(`${backendUrl}/.backstage/health/v1/readiness`, 5 * 60_000);
  await waitFor(appUrl, 5 * 60_000);
  browser = await launchHeadlessChromium();

  /** Opens `url` signed in as the guest; returns the page and the API's answer for `apiPath`. */
  async function open(url, apiPath, ready) {
    for (let attempt = 0; ; attempt++) {
      const page = await browser.newPage({
        viewport: { width: 1400, height: 1000 },
      });
      const answer = page.waitForResponse(
        r => r.url().includes(apiPath) && r.status() === 200,
        { timeout: 180_000 },
      );
      await page.goto(url);
      // The new system's sign-in page asks; the legacy template signs in by itself.
      const enter = page.getByRole('button', { name: 'Enter' });
      await Promise.race([
        enter.waitFor({ timeout: 120_000 }).then(() => enter.click()),
        answer,
      ]);
      const body = await (await answer).json();
      // The demo's first sync lands a few seconds after start-up.
      if (body.hasData === false && attempt < 30) {
        await page.close();
        await new Promise(r => setTimeout(r, 2000));
        continue;
      }
      await ready(page, body).waitFor({ timeout: 60_000 });
      return { page, body };
    }
  }

  const checks = [];
  /** A Quality tab's open-bug total against its summary's. */
  async function checkOpenBugs(what, url, apiPath, shot) {
    const { page, body } = await open(url, apiPath, p =>
      p.getByTestId('open-bugs-total'),
    );
    checks.push([
      `${what}: open bugs`,
      (await page.getByTestId('open-bugs-total').textContent()).trim(),
      String(body.openBugs.total),
    ]);
    await page.screenshot({
      path: path.join(work, `${system}-${shot}.png`),
      fullPage: true,
    });
  }
  await checkOpenBugs(
    'component Quality tab',
    `${appUrl}/catalog/default/component/payments-api/quality`,
    '/api/quality/v1/entities/component/default/payments-api/summary',
    'service',
  );
  await checkOpenBugs(
    'group Quality tab',
    `${appUrl}/catalog/default/group/payments-squad/quality`,
    '/api/quality/v1/groups/default/payments-squad/summary',
    'squad',
  );

  const rootRow = (page, body) =>
    page.getByTestId(`org-row-${body.roots[0].groupRef.split('/').pop()}`);
  const overview = await open(
    `${appUrl}/quality`,
    '/api/quality/v1/org/overview',
    rootRow,
  );
  const rowText = await rootRow(overview.page, overview.body).textContent();
  const total = String(overview.body.roots[0].openBugs.total);
  checks.push([
    '/quality: the root group open bugs',
    rowText.includes(total) ? total : rowText,
    total,
  ]);
  await overview.page.screenshot({
    path: path.join(work, `${system}-overview.png`),
    fullPage: true,
  });

  for (const [what, shown, answered] of checks) {
    console.log(
      `[quality-pulse] ${system}: ${what}: page ${shown}, API ${answered}`,
    );
    if (shown !== answered)
      throw new Error(
        `${system}: ${what} shows ${shown}, the API says ${answered}`,
      );
  }
} finally {
  await browser?.close();
  stop();
}
