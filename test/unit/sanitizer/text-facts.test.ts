import { describe, expect, it } from 'vitest';
import {
  collectTextFacts,
  digitRunRule,
  MARK_AT,
  MARK_CLOSING_BRACKET,
  MARK_COLON,
  MARK_DOT,
  MARK_SLASH,
  nextMatchAtStarts,
} from '../../../shared/domain/sanitizer/text-facts.js';

describe('Function: collectTextFacts', () => {
  it('finds digit runs, their cluster reach and letter/digit contacts', () => {
    // Prepare
    const text = 'Tel +49 (0)30 1234 5678, Code A12 und 7b';
    // Act
    const facts = collectTextFacts(text);
    // Assess
    expect(facts.digitRunStarts.map((i) => text.slice(i, i + 2))).toEqual(['49', '0)', '30', '12', '56', '12', '7b']);
    expect(facts.digitRunReach).toEqual([13, 11, 10, 8, 4, 2, 1]);
    expect(facts.digitRunLengths).toEqual([2, 1, 2, 4, 4, 2, 1]);
    expect(facts.maxClusterDigits).toBe(13);
    expect(facts.letterBeforeDigit).toBe(true);
    expect(facts.digitBeforeLetter).toBe(true);
    expect(facts.shortestDigitRun).toBe(1);
  });

  it('reports nothing for text without digits', () => {
    expect(collectTextFacts('keine Zahlen hier')).toEqual({
      maxClusterDigits: 0,
      letterBeforeDigit: false,
      digitBeforeLetter: false,
      digitRunStarts: [],
      digitRunReach: [],
      digitRunLengths: [],
      shortestDigitRun: 0,
      addressWords: 0,
      marks: 0,
    });
  });
});

describe('Function: collectTextFacts (marks)', () => {
  it('reports each mark that occurs, with or without digits, the same as a search for it', () => {
    // Prepare
    const texts = ['anna@example.de', 'jan(at)web[dot]de 12', 'https://shop.de/a', 'v1.2', 'ip fe80::1', 'none here', 'Tel 0151 2345', ')', ']', ''];
    for (const text of texts) {
      // Act
      const { marks } = collectTextFacts(text);
      // Assess
      expect({ text, marks }).toEqual({
        text,
        marks:
          (text.includes('@') ? MARK_AT : 0) |
          (text.includes(')') || text.includes(']') ? MARK_CLOSING_BRACKET : 0) |
          (text.includes('/') ? MARK_SLASH : 0) |
          (text.includes('.') ? MARK_DOT : 0) |
          (text.includes(':') ? MARK_COLON : 0),
      });
    }
  });
});

describe('Function: nextMatchAtStarts', () => {
  it('finds the same matches as a global scan when every match starts at a digit run', () => {
    // Prepare
    const text = 'a 123 bb 45 c 6789 d 12 34';
    const sticky = /\d{2,}(?: \d+)*/y;
    const global = /\d{2,}(?: \d+)*/g;
    const facts = collectTextFacts(text);
    // Act
    const viaStarts: string[] = [];
    const rule = digitRunRule(1);
    for (let m = nextMatchAtStarts(sticky, text, facts, rule, null); m !== null; m = nextMatchAtStarts(sticky, text, facts, rule, m)) viaStarts.push(m[0]);
    // Assess
    expect(viaStarts).toEqual(text.match(global));
  });

  it('skips runs whose cluster holds fewer digits than asked for', () => {
    const text = '12 345 und 1234567';
    const m = nextMatchAtStarts(/\d+(?: \d+)*/y, text, collectTextFacts(text), digitRunRule(6), null);
    expect(m?.[0]).toBe('1234567');
  });
});
