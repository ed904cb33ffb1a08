// The Initiatives section of the overview page and the squad tab's card.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appUrl, openSignedIn, screenshotBothThemes } from './portal.mjs';

/** The tree's rows hold the API's figures, in the API's (catalog) order. */
async function assertTree(section, initiative) {
  const expected = [];
  const walk = node => {
    expected.push(node);
    node.children.forEach(walk);
  };
  walk(initiative.scope);
  const rows = section.getByTestId(/^initiative-row-/);
  assert.equal(await rows.count(), expected.length, 'one row per group');
  for (let i = 0; i < expected.length; i++) {
    const node = expected[i];
    const row = rows.nth(i);
    assert.equal(
      await row.getAttribute('data-testid'),
      `initiative-row-${node.groupRef}`,
      'catalog order',
    );
    const text = await row.textContent();
    const { baseline, current } = node.progress;
    for (const figure of [baseline, current]) {
      if (figure.denominator > 0) {
        assert.ok(
          text.includes(`${figure.numerator} of ${figure.denominator}`),
          `${node.title}: ${text}`,
        );
      }
    }
  }
}

const STATES = {
  'on-track': 'On track',
  behind: 'Behind',
  reached: 'Target reached',
  'too-little-data': 'Too little data',
  'not-started': 'Not started',
};

test(
  "the overview's Initiatives and the squad tab's card show the API's progress",
  { timeout: 3 * 60_000 },
  async () => {
    const { page, body } = await openSignedIn(
      `${appUrl}/quality`,
      '/api/quality/v1/org/initiatives',
    );
    assert.ok(body.initiatives.length > 0, 'the demo config has an initiative');
    const [initiative] = body.initiatives;
    const section = page.getByTestId(`initiative-${initiative.id}`);
    await section.getByTestId('chart-summary').waitFor({ timeout: 60_000 });
    await assertTree(section, initiative);
    // The demo's story: the org on track, one department behind.
    const departments = initiative.scope.children;
    assert.ok(
      departments.some(d => d.progress.state === 'behind'),
      'a department is behind',
    );
    // The chart's table: a row per point, the last one now.
    await section.getByRole('button', { name: 'Show as table' }).click();
    const rows = section
      .getByRole('table', {
        name: `${initiative.title}: ${initiative.scope.title}`,
      })
      .getByRole('row');
    assert.equal(await rows.count(), initiative.points.length + 1);
    const now = initiative.points[initiative.points.length - 1];
    assert.ok(
      (await rows.last().textContent()).includes(
        `${now.numerator} of ${now.denominator}`,
      ),
    );
    await section.getByRole('button', { name: 'Hide table' }).click();
    await screenshotBothThemes(page, 'initiatives', () =>
      page
        .getByTestId(`initiative-${initiative.id}`)
        .getByTestId('initiative-chart'),
    );

    // A squad's own line: the squad tab of the department that is behind.
    const behind = departments.find(d => d.progress.state === 'behind');
    const squad = behind.children[0];
    const name = squad.groupRef.split('/').pop();
    const { page: tab, body: squadBody } = await openSignedIn(
      `${appUrl}/catalog/default/group/${name}/quality`,
      `/api/quality/v1/groups/default/${name}/initiatives`,
    );
    const mine = squadBody.initiatives[0];
    assert.equal(mine.pointsOf, squad.groupRef);
    const line = tab.getByTestId(`squad-initiative-${mine.id}`);
    await line.waitFor({ timeout: 60_000 });
    assert.equal(
      (await line.getByTestId('initiative-state').textContent()).trim(),
      STATES[squad.progress.state],
    );
    const figures = await line
      .getByTestId('squad-initiative-figures')
      .textContent();
    const { baseline, current } = squad.progress;
    assert.ok(
      figures.includes(`${baseline.numerator} of ${baseline.denominator}`) &&
        figures.includes(`${current.numerator} of ${current.denominator}`),
      figures,
    );
    await screenshotBothThemes(tab, 'squad-initiatives', () =>
      tab
        .getByTestId(`squad-initiative-${mine.id}`)
        .getByTestId('initiative-chart'),
    );
  },
);
