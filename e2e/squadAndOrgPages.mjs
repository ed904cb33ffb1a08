// The squad tab, the overview page, the scorecards and the home page's card.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appUrl,
  ENTITY,
  browser,
  waitFor,
  screenshotBothThemes,
  openSignedIn,
  openWithEvaluatedScorecard,
} from './portal.mjs';

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

    // The Trends card: each month's row holds the API's figures.
    const trendsAnswer = page.waitForResponse(
      r =>
        r.url().includes('/groups/default/payments-squad/trends') &&
        r.status() === 200,
      { timeout: 60_000 },
    );
    await page.reload();
    const { months } = await (await trendsAnswer).json();
    assert.equal(months.length, 12);
    await assertTrendsTable(page, months);
    await screenshotBothThemes(page, 'squad-trends', () =>
      page.getByTestId('card-trends').getByTestId('chart-summary'),
    );
  },
);

/** Opens the Trends card's table and compares each month's open bugs and escaped rate with the API's. */
async function assertTrendsTable(page, months) {
  const card = page.getByTestId('card-trends');
  await card.getByTestId('chart-summary').waitFor({ timeout: 60_000 });
  await card.getByRole('button', { name: 'Show as table' }).click();
  const rows = card
    .getByRole('table', { name: 'Twelve months' })
    .getByRole('row');
  assert.equal(await rows.count(), 13, 'a header and twelve months');
  for (let i = 0; i < months.length; i++) {
    const cells = await rows
      .nth(i + 1)
      .getByRole('cell')
      .allTextContents();
    const { escapedDefectRate: escaped, openBugsAtMonthEnd } = months[i];
    assert.equal(
      cells[5],
      String(openBugsAtMonthEnd),
      `${months[i].month} open bugs`,
    );
    if (escaped.denominator > 0) {
      assert.ok(
        cells[1].includes(
          `${escaped.numerator} of ${escaped.denominator} new bugs`,
        ),
        `${months[i].month} escaped: ${cells[1]}`,
      );
    }
  }
  await card.getByRole('button', { name: 'Hide table' }).click();
}

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

    // The org's Trends, then one department's.
    const trendsAnswer = page.waitForResponse(
      r => r.url().includes('/api/quality/v1/org/trends') && r.status() === 200,
      { timeout: 60_000 },
    );
    await page.reload();
    const trends = await (await trendsAnswer).json();
    await assertTrendsTable(page, trends.months);
    assert.ok(trends.departments.length > 0, 'the demo org has departments');
    const department = trends.departments[0];
    await page
      .getByTestId('card-trends')
      .getByRole('button', { name: /The whole organisation/ })
      .click();
    await page.getByRole('option', { name: department.title }).click();
    await assertTrendsTable(page, department.months);
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
    // 1,440 px, where the default home grid used to stack its cards as a staircase.
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto(`${appUrl}/home`);
    const squad = await (await squadResponse).json();
    const table = page.getByRole('table', { name: "My squads' quality" });
    await table.waitFor({ timeout: 60_000 });
    const row = table.getByRole('row', { name: /Payments squad/ });
    assert.ok(
      (await row.textContent()).includes(String(squad.openBugs.total)),
      'the payments squad row shows its open bugs',
    );
    // The quality card reads first, at the left of the page, and the card
    // under it follows right below it: nothing floats.
    const cardOf = title =>
      page.locator('.MuiCard-root', { hasText: title }).first();
    const search = await page.getByRole('textbox').first().boundingBox();
    const quality = await cardOf("My squads' quality").boundingBox();
    const started = await cardOf('Getting Started').boundingBox();
    assert.ok(quality.y > search.y, 'the search bar is on top');
    const toolkit = await cardOf('Toolkit').boundingBox();
    assert.ok(
      quality.x + quality.width <= toolkit.x,
      'the quality card is in the wide left column, the smaller cards right of it',
    );
    assert.ok(
      Math.abs(started.x - quality.x) < 2 &&
        started.y - (quality.y + quality.height) < 40 &&
        started.y > quality.y,
      'Getting Started follows right under the quality card',
    );
    await screenshotBothThemes(page, 'home-my-squads', () =>
      page.getByRole('table', { name: "My squads' quality" }),
    );
  },
);

test(
  "the squad tab's scorecard and the service card show the API's level, failing checks and their reasons",
  { timeout: 7 * 60_000 },
  async () => {
    const { page, scorecard: squad } = await openWithEvaluatedScorecard(
      `${appUrl}/catalog/default/group/payments-squad/quality`,
      '/groups/default/payments-squad/scorecard',
    );
    assert.ok(squad.evaluatedAt, 'the scorecards were evaluated');
    assert.ok(
      !squad.visibleOnly,
      'a stored evaluation covers what the page sees',
    );
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
      // Its history strip ends in the status the API gives now.
      const strip = row.getByRole('img', { name: /(from|throughout)/ });
      const said = await strip.getAttribute('aria-label');
      const label = {
        pass: 'Passes',
        warn: 'Warning',
        fail: 'Fails',
        unknown: 'Cannot tell',
      }[check.status];
      const last = said.split(', ').pop();
      assert.ok(
        last.startsWith(label),
        `${check.checkId}'s strip ends ${label}: ${said}`,
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
