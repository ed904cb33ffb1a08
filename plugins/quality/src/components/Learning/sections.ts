import { PostmortemAssessment } from '@quality-pulse/plugin-quality-common';

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
