import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { ScorecardCheckChange } from '@quality-pulse/plugin-quality-common';
import {
  CheckHistoryStrip,
  checkSegments,
  describeSegments,
} from './CheckHistoryStrip';

const DAY = 24 * 60 * 60 * 1000;
const END = Date.parse('2026-11-24T12:00:00.000Z');
const at = (daysBeforeEnd: number) =>
  new Date(END - daysBeforeEnd * DAY).toISOString();
const change = (
  checkId: string,
  daysBeforeEnd: number,
  fromStatus: ScorecardCheckChange['fromStatus'],
  toStatus: ScorecardCheckChange['toStatus'],
): ScorecardCheckChange => ({
  checkId,
  changedAt: at(daysBeforeEnd),
  fromStatus,
  toStatus,
});

describe('a check history strip', () => {
  it('cuts the 90 days at each change of the check, starting from the status before the first', () => {
    const changes = [
      change('rework-rate', 30, 'pass', 'fail'),
      change('escaped-defect-rate', 20, 'pass', 'warn'),
      change('rework-rate', 10, 'fail', 'pass'),
    ];
    const segments = checkSegments(changes, 'rework-rate', 'pass', END);
    expect(segments.map(s => [s.status, (s.to - s.from) / DAY])).toEqual([
      ['pass', 60],
      ['fail', 20],
      ['pass', 10],
    ]);
    expect(describeSegments(segments)).toMatch(
      /^Passes from \d+ \w+, Fails from \d+ \w+, Passes from \d+ \w+$/,
    );
  });

  it('leaves the time before the first evaluation blank, and says a steady status once', () => {
    const first = checkSegments(
      [change('rework-rate', 45, null, 'unknown')],
      'rework-rate',
      'unknown',
      END,
    );
    expect(first.map(s => [s.status, (s.to - s.from) / DAY])).toEqual([
      [null, 45],
      ['unknown', 45],
    ]);
    expect(describeSegments(first)).toMatch(/^Cannot tell from \d+ \w+$/);

    const steady = checkSegments(
      [change('rework-rate', 200, null, 'pass')],
      'rework-rate',
      'pass',
      END,
    );
    expect(steady).toEqual([{ status: 'pass', from: END - 90 * DAY, to: END }]);
    expect(describeSegments(steady)).toBe('Passes throughout the last 90 days');
  });

  it('shows the status of an evaluation made at the very end of the strip', async () => {
    const first = checkSegments(
      [change('rework-rate', 0, null, 'fail')],
      'rework-rate',
      'fail',
      END,
    );
    expect(first.map(s => [s.status, (s.to - s.from) / DAY])).toEqual([
      [null, 90],
      ['fail', 0],
    ]);
    expect(describeSegments(first)).toMatch(/^Fails from \d+ \w+$/);
    await renderInTestApp(
      <CheckHistoryStrip
        checkId="rework-rate"
        changes={[change('rework-rate', 0, null, 'fail')]}
        status="fail"
        end={new Date(END).toISOString()}
      />,
    );
    const strip = screen.getByRole('img', { name: /^Fails from/ });
    const last = strip.children[strip.children.length - 1] as HTMLElement;
    expect(last.getAttribute('data-status')).toBe('fail');
    expect(parseFloat(last.style.width)).toBeGreaterThanOrEqual(2.9);
  });

  it('draws the segments in proportion, with the words as its text alternative', async () => {
    await renderInTestApp(
      <CheckHistoryStrip
        checkId="rework-rate"
        changes={[change('rework-rate', 30, 'pass', 'fail')]}
        status="fail"
        end={new Date(END).toISOString()}
      />,
    );
    const strip = screen.getByRole('img');
    expect(strip.getAttribute('aria-label')).toMatch(
      /^Passes from \d+ \w+, Fails from \d+ \w+$/,
    );
    const widths = [...strip.children].map(segment => [
      segment.getAttribute('data-status'),
      (segment as HTMLElement).style.width,
    ]);
    expect(widths).toEqual([
      ['pass', `${(60 / 90) * 100}%`],
      ['fail', `${(30 / 90) * 100}%`],
    ]);
    expect(screen.getByText(strip.getAttribute('aria-label')!)).toBeVisible();
  });
});
