import { isSeverity, SEVERITIES, SEVERITY_LABELS } from './severity';

describe('the severity scale', () => {
  it('accepts the scale of PRODUCT.md and nothing else', () => {
    for (const severity of SEVERITIES) {
      expect(isSeverity(severity)).toBe(true);
    }
    for (const other of [
      'p0',
      'P5',
      'Blocker',
      '',
      ' P1',
      0,
      null,
      undefined,
      {},
    ]) {
      expect(isSeverity(other)).toBe(false);
    }
  });

  it('labels every severity, most critical first', () => {
    expect(Object.keys(SEVERITY_LABELS)).toEqual([...SEVERITIES]);
    expect(SEVERITY_LABELS.P0).toBe('P0 · critical');
    expect(SEVERITY_LABELS.unclassified).toBe('Unclassified');
  });
});
