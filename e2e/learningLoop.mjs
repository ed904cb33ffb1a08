// The learning loop across the service and squad tabs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  appUrl,
  backendUrl,
  artifacts,
  answers,
  waitFor,
  screenshotBothThemes,
  openSignedIn,
  guestToken,
} from './portal.mjs';

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
