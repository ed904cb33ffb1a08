import { Ratio } from '@quality-pulse/plugin-quality-common';

/**
 * A ratio as text that always shows what it is made of. Under 10 items it is
 * not given as a percentage at all (PRODUCT.md: small denominators are
 * low-confidence, never a bare percentage).
 */
export function formatRatio(ratio: Ratio, noun: string): string {
  if (ratio.denominator === 0) {
    return `No ${noun} in this window`;
  }
  const parts = `${ratio.numerator} of ${ratio.denominator} ${noun}`;
  if (ratio.lowConfidence || ratio.rate === null) {
    return `${parts} · too few to rate`;
  }
  return `${Math.round(ratio.rate * 100)} % · ${parts}`;
}
