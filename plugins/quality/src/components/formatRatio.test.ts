import { formatRatio } from './formatRatio';

describe('formatRatio', () => {
  it('gives the percentage with its parts', () => {
    expect(
      formatRatio(
        { numerator: 3, denominator: 20, rate: 0.15, lowConfidence: false },
        'bugs',
      ),
    ).toBe('15 % · 3 of 20 bugs');
  });

  it('never shows a small sample as a bare percentage', () => {
    expect(
      formatRatio(
        { numerator: 2, denominator: 5, rate: 0.4, lowConfidence: true },
        'bugs',
      ),
    ).toBe('2 of 5 bugs · too few to rate');
  });

  it('says when there is nothing to rate', () => {
    expect(
      formatRatio(
        { numerator: 0, denominator: 0, rate: null, lowConfidence: true },
        'deployments',
      ),
    ).toBe('No deployments in this window');
  });
});
