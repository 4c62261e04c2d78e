import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../../bench/sanitizer.js';
import { PII_TYPES } from '../../../shared/domain/sanitizer/constants.js';
import { computeSpanIou, evaluateSanitizer } from '../../../shared/domain/sanitizer/evaluate.js';

describe('Function: evaluateSanitizer', () => {
  it('reaches recall and precision >= 0.95 for every type on the corpus', () => {
    // Prepare
    const corpus = loadCorpus();
    // Act
    const report = evaluateSanitizer(corpus);
    // Assess
    expect(corpus.length).toBeGreaterThanOrEqual(400);
    for (const type of PII_TYPES) {
      expect.soft(report.perType[type].recall, `${type} recall`).toBeGreaterThanOrEqual(0.95);
      expect.soft(report.perType[type].precision, `${type} precision`).toBeGreaterThanOrEqual(0.95);
    }
    expect(report.overall.recall).toBeGreaterThanOrEqual(0.95);
    expect(report.overall.precision).toBeGreaterThanOrEqual(0.95);
  });

  it('counts a finding of the wrong type as both a miss and a false alarm', () => {
    const report = evaluateSanitizer([{ lang: 'de', text: 'Mail anna@web.de', entities: [{ type: 'PHONE', start: 5, end: 16 }] }]);
    expect(report.perType.PHONE.falseNegatives).toBe(1);
    expect(report.perType.EMAIL.falsePositives).toBe(1);
  });
});

describe('Function: computeSpanIou', () => {
  it('returns intersection over union', () => {
    expect(computeSpanIou({ start: 0, end: 10 }, { start: 5, end: 15 })).toBeCloseTo(5 / 15);
    expect(computeSpanIou({ start: 0, end: 4 }, { start: 4, end: 8 })).toBe(0);
  });
});
