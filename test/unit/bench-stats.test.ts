import { describe, expect, it } from 'vitest';
import { formatTable } from '../../bench/lib/report.js';
import { median, percentile, round } from '../../bench/lib/stats.js';

describe('Function: median', () => {
  it('takes the middle value, or the mean of the middle two, whatever the input order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('throws on an empty list', () => {
    expect(() => median([])).toThrow(/empty/);
  });
});

describe('Function: percentile', () => {
  it('uses the nearest rank, so p99 of 100 values is the 99th smallest', () => {
    const values = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile([7], 99)).toBe(7);
  });
});

describe('Function: round', () => {
  it('keeps three significant digits', () => {
    expect(round(1234.567)).toBe(1235);
    expect(round(0.0012345)).toBe(0.00123);
  });
});

describe('Function: formatTable', () => {
  it('lists failed modules and numbers the notes', () => {
    const table = formatTable([
      { module: 'a', seconds: 1, results: [{ name: 'a: x', value: 2, unit: 'x', baseline: { name: 'target', value: 3, unit: 'x' }, note: 'why' }] },
      { module: 'b', seconds: 1, results: [], error: 'Error: boom\nat line' },
    ]);
    expect(table).toContain('a: x [1]');
    expect(table).toContain('target: 3 x');
    expect(table).toContain('[1] why');
    expect(table).toContain('b: FAILED');
    expect(table).not.toContain('\nat line');
  });
});
