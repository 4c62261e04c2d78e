import { describe, expect, it } from 'vitest';
import { collectTextFacts, digitRunRuleNotAfter, nextMatchAtStarts } from '../../../shared/domain/sanitizer/text-facts.js';

/** All matches of a sticky pattern tried only where `rule` allows. */
function matchesAtStarts(pattern: RegExp, text: string, rule: ReturnType<typeof digitRunRuleNotAfter>): string[] {
  const facts = collectTextFacts(text);
  const found: string[] = [];
  for (let m = nextMatchAtStarts(pattern, text, facts, rule, null); m !== null; m = nextMatchAtStarts(pattern, text, facts, rule, m)) found.push(m[0]);
  return found;
}

describe('Function: digitRunRuleNotAfter', () => {
  it('rejects a digit run after a blocked character or a letter, and a disallowed first digit', () => {
    // Prepare
    const rule = digitRunRuleNotAfter(1, '.-', { afterAlphanumeric: false, firstDigits: '123' });
    const check = rule.canStartWith;
    // Act
    const verdicts = {
      afterSpace: check('1'.charCodeAt(0), ' '.charCodeAt(0)),
      atTextStart: check('2'.charCodeAt(0), -1),
      afterDot: check('1'.charCodeAt(0), '.'.charCodeAt(0)),
      afterDash: check('1'.charCodeAt(0), '-'.charCodeAt(0)),
      afterLetter: check('1'.charCodeAt(0), 'A'.charCodeAt(0)),
      afterNonAsciiLetter: check('1'.charCodeAt(0), 'é'.charCodeAt(0)),
      firstDigitNotAllowed: check('5'.charCodeAt(0), ' '.charCodeAt(0)),
    };
    // Assess
    expect(verdicts).toEqual({
      afterSpace: true,
      atTextStart: true,
      afterDot: false,
      afterDash: false,
      afterLetter: false,
      // Left to the pattern's own lookbehind: the check only knows ASCII.
      afterNonAsciiLetter: true,
      firstDigitNotAllowed: false,
    });
  });

  it('finds the same matches as a global scan of the pattern with that lookbehind', () => {
    // Prepare
    const text = 'IP 10.93.229.92, v1.2.3.4 und 8.8.8.8.1 oder x1.1.1.1 bzw. 192.168.0.1';
    const sticky = /(?<![\p{L}\p{N}.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\p{N}]|\.\d)/uy;
    const global = new RegExp(sticky.source, 'gu');
    // Act
    const atStarts = matchesAtStarts(sticky, text, digitRunRuleNotAfter(4, '.', { afterAlphanumeric: false }));
    // Assess
    expect(atStarts).toEqual(text.match(global));
    expect(atStarts).toEqual(['10.93.229.92', '192.168.0.1']);
  });
});
