import { PostmortemAssessment } from '@quality-pulse/plugin-quality-common';
import { DateTime } from 'luxon';

/** A day or an instant as the reader's locale writes a date: "Nov 20, 2026". */
export function formatDay(iso: string): string {
  return DateTime.fromISO(iso).toLocaleString(DateTime.DATE_MED);
}

/** The four sections of the one-page root-cause document (PRODUCT.md). */
export const SECTION_TITLES: Record<
  PostmortemAssessment['missingSections'][number],
  string
> = {
  whatHappened: 'What happened',
  whyItHappened: 'Why it happened',
  whatWeAreChanging: 'What we are changing',
  whatWeAreNotChanging: 'What we are not changing, and why',
};

export const OUTCOME_LABELS = {
  'loop-closed': 'Loop closed',
  'needs-more-work': 'Needs more work',
  recurred: 'Recurred',
} as const;
