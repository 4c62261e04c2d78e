import { describe, expect, it } from 'vitest';
import { phoneCandidateEndAt } from '../../../shared/domain/sanitizer/detect-phone.js';

/** The candidate pattern as it stands in detect-phone.ts: the hand reading must give its verdicts. */
const PHONE_CANDIDATE = /(?<![\p{L}\p{N}+\-\/.,_@#€$£])(?:\+|00)?(?:\(\d{1,5}(?: \d{1,4})?\)|\d)(?:(?: [\/\-] ?|\/ |[ \-.\/\u00A0]|\s?(?=\())?(?:\(\d{1,5}(?: \d{1,4})?\)|\d)){5,19}(?![\p{L}\p{N}]|[.,\-\/]\d)/uy;

/** The pattern's match end at every position of `text` (-1 without a match). */
function patternEnds(text: string): number[] {
  return Array.from(text, (_, position) => {
    PHONE_CANDIDATE.lastIndex = position;
    const m = PHONE_CANDIDATE.exec(text);
    return m === null ? -1 : position + m[0].length;
  });
}

function handReadEnds(text: string): number[] {
  return Array.from(text, (_, position) => phoneCandidateEndAt(text, position));
}

describe('Function: phoneCandidateEndAt', () => {
  it('ends a candidate where the pattern ends on the separators and brackets it allows', () => {
    // Prepare
    const texts = [
      'Tel 0151 23456789 bitte',
      'ruf an: 069 / 123 456 78.',
      'Handy 0157 - 35 82 90 14',
      '+49 (0)151 2345678',
      '+49 (0 30) 1234-567',
      'Büro (030) 1234567, (12345) 678901',
      '(123456) 7890123 and ( 12) 3456789',
      'fax 030\u00a0123\u00a045\u00a067',
      'tel 030\t(0)1234567 and 030\n(0)1234567',
      'call 0049 30 1234567 or 00 49 30 1234567',
      'nr 0030/ 1234567 and 030 /1234567 and 030 -1234567',
    ];
    // Act, Assess
    for (const text of texts) expect(handReadEnds(text), text).toEqual(patternEnds(text));
  });

  it('backs off to an earlier group end where the lookahead fails, and not below six groups', () => {
    const texts = [
      '0151 2345678.9',
      '0151 2345678-9 and 0151-2345678/1',
      '0151 234567,8 and 0151 2345678,',
      '030 123 4567 890 123 456 789 012 345 678',
      '012345678901234567890123456',
      '123456a and 1234567b and 12345 6x',
      '+4930123456789012345678',
      '00491511234567890123456',
    ];
    for (const text of texts) expect(handReadEnds(text), text).toEqual(patternEnds(text));
  });

  it('gives the pattern its say where a non-ASCII character borders the digits', () => {
    const texts = [
      'é0151 2345678',
      '€0151 2345678 and £0151 2345678',
      '0151 2345678² and 0151 2345678٣',
      '0151 2345678é and 0151 2345678\u2009ok',
      '0151 2345678🙂 and 🙂0151 2345678',
      'ſ0151 2345678 and 0151\u20092345678',
    ];
    for (const text of texts) expect(handReadEnds(text), text).toEqual(patternEnds(text));
  });

  it('rejects a start glued to a letter, digit or one of + - / . , _ @ # $', () => {
    const text = 'a0151234567 +-0151234567 /0151234567 _0151234567 @0151234567 #0151234567 $0151234567 ,0151234567';
    expect(handReadEnds(text)).toEqual(patternEnds(text));
    expect(phoneCandidateEndAt('x 0151234567', 2)).toBe(12);
    expect(phoneCandidateEndAt('x_0151234567', 2)).toBe(-1);
  });
});
