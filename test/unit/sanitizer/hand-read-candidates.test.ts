import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateShapesIn, NAMED_DATE_SHAPE, NUMERIC_DATE_SHAPE } from '../../../shared/domain/sanitizer/detect-date-of-birth.js';
import { endsWithCurrency } from '../../../shared/domain/sanitizer/keywords.js';
import { sanitizeText } from '../../../shared/domain/sanitizer/sanitize-text.js';
import { alphanumericsBetween, collectTextFacts, digitsBetween } from '../../../shared/domain/sanitizer/text-facts.js';
import {
  isDutchBsnValid, isDutchBsnValidIn, isGermanTaxIdValid, isGermanTaxIdValidIn, isLuhnValidIn, isPeselValid, isPeselValidIn,
} from '../../../shared/domain/sanitizer/validators.js';

/**
 * The card, IPv4, numeric-ID, NIR, NINO and IBAN-start candidates are read off the characters
 * instead of executing their regexes, which are asked only where a non-ASCII character borders
 * the digits. These cases pin the regexes' verdicts at the edges: backtracking to an earlier
 * group end, a number (`\p{N}`) or letter right after, a non-ASCII letter right before.
 */
function spans(text: string, options: Parameters<typeof sanitizeText>[1] = {}): string[] {
  return sanitizeText(text, options).findings.map((f) => `${f.type} ${text.slice(f.start, f.end)}`);
}

describe('Function: sanitizeText (candidates read by hand)', () => {
  it('ends a card where its pattern ends, and not before a number sign', () => {
    // Prepare
    const grouped = 'Karte 4111 1111 1111 1111 bitte';
    const tooLong = 'Karte 4111 1111 1111 1111 1111 1 bitte';
    const superscript = 'Karte 4111 1111 1111 1111² bitte';
    const afterLetter = 'Karte é4111111111111111 ok';
    // Act, Assess
    expect(spans(grouped)).toEqual(['CREDIT_CARD 4111 1111 1111 1111']);
    expect(spans(tooLong)).toEqual(['CREDIT_CARD 4111 1111 1111 1111']);
    expect(spans(superscript)).toEqual([]);
    expect(spans(afterLetter)).toEqual([]);
  });

  it('reads an IPv4 address as four whole runs of one to three digits', () => {
    expect(spans('IP 93.184.216.34 ok')).toEqual(['IP_ADDRESS 93.184.216.34']);
    expect(spans('IP 93.184.216.34² ok')).toEqual([]);
    expect(spans('IP é93.184.216.34 ok')).toEqual([]);
    expect(spans('IP 93.184.216.34.5 ok')).toEqual([]);
    expect(spans('IP 93.184.216.3456 ok')).toEqual([]);
  });

  it('finds a Steuer-ID, PESEL or BSN grouped or compact, not before a number sign', () => {
    expect(spans('Steuer-ID 65 929 970 489')).toEqual(['NATIONAL_ID 65 929 970 489']);
    expect(spans('Steuer-ID 65929970489')).toEqual(['NATIONAL_ID 65929970489']);
    expect(spans('Steuer-ID 65929970489²')).toEqual([]);
    expect(spans('BSN 111222333')).toEqual(['NATIONAL_ID 111222333']);
  });

  it('finds Spanish and British IDs whose shape the start rules check', () => {
    expect(spans('NIE x-1234567-l bitte')).toEqual(['NATIONAL_ID x-1234567-l']);
    expect(spans('DNI 12.345.678-Z ok')).toEqual(['NATIONAL_ID 12.345.678-Z']);
    expect(spans('NINO AB 12 34 56 C')).toEqual(['NATIONAL_ID AB 12 34 56 C']);
    expect(spans('NINO QQ123456C thanks')).toEqual([]);
  });

  it('finds an IBAN grouped or in lower case, not one whose country is written with a long s', () => {
    expect(spans('IBAN DE89 3704 0044 0532 0130 00 danke')).toEqual(['IBAN DE89 3704 0044 0532 0130 00']);
    expect(spans('iban de89370400440532013000 danke')).toEqual(['IBAN de89370400440532013000']);
    expect(spans('IBAN ſE45 5000 0000 0583 9825 7466')).toEqual([]);
  });
});

describe('Function: endsWithCurrency', () => {
  it('matches a currency sign or code at the end, with at most one white space after it', () => {
    expect(endsWithCurrency('Preis 30 EUR ')).toBe(true);
    expect(endsWithCurrency('kostet €')).toBe(true);
    expect(endsWithCurrency('cena 20 zł\u00a0')).toBe(true);
    // `/iu` folds the long s to "s".
    expect(endsWithCurrency('uſd')).toBe(true);
    expect(endsWithCurrency('EUR  ')).toBe(false);
    expect(endsWithCurrency('Euro')).toBe(false);
    expect(endsWithCurrency('')).toBe(false);
  });
});

describe('Function: digitsBetween', () => {
  it('joins the digits of a range without its separators', () => {
    // Prepare
    const text = 'Nr. +49 (0)30-123 45';
    // Act, Assess
    expect(digitsBetween(text, 4, text.length)).toBe('4903012345');
    expect(digitsBetween(text, 0, 3)).toBe('');
    expect(alphanumericsBetween('x DE89 3704-0044 y', 2, 16)).toBe('DE8937040044');
  });
});

describe('Function: isLuhnValidIn', () => {
  it('checks the digits of a range, skipping separators', () => {
    expect(isLuhnValidIn('card 4111 1111 1111 1111.', 5, 24)).toBe(true);
    expect(isLuhnValidIn('card 4111 1111 1111 1112.', 5, 24)).toBe(false);
    expect(isLuhnValidIn('card', 0, 4)).toBe(false);
  });
});

describe('Function: isGermanTaxIdValidIn, isPeselValidIn, isDutchBsnValidIn', () => {
  it('check the digits of a range, skipping its separators, as the string validators do', () => {
    // Prepare
    const taxId = 'ID 86 095 742 719.';
    const pesel = 'PESEL 440-514-013-59!';
    const bsn = 'BSN 1112.22333 ';
    // Act, Assess
    expect(isGermanTaxIdValidIn(taxId, 3, 17)).toBe(true);
    expect(isGermanTaxIdValidIn('ID 86 095 742 718.', 3, 17)).toBe(false);
    expect(isGermanTaxIdValidIn('06095742719', 0, 11)).toBe(false);
    expect(isPeselValidIn(pesel, 6, 20)).toBe(true);
    expect(isPeselValidIn('PESEL 440-514-013-58!', 6, 20)).toBe(false);
    expect(isDutchBsnValidIn(bsn, 4, 14)).toBe(true);
    expect(isDutchBsnValidIn('000.000.000', 0, 11)).toBe(false);
  });

  it('agree with the string validators on random digit strings', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 11, maxLength: 11 }), fc.constantFrom('', ' ', '.', '-'), (digits, separator) => {
        const eleven = digits.join('');
        const spaced = digits.join(separator);
        const nine = eleven.slice(0, 9);
        expect(isGermanTaxIdValidIn(spaced, 0, spaced.length)).toBe(isGermanTaxIdValid(eleven));
        expect(isPeselValidIn(spaced, 0, spaced.length)).toBe(isPeselValid(eleven));
        expect(isDutchBsnValidIn(`x${nine}x`, 1, 10)).toBe(isDutchBsnValid(nine));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Function: dateShapesIn', () => {
  const shapes = (text: string): number => dateShapesIn(text, collectTextFacts(text));

  it('reads numeric dates off the characters', () => {
    expect(shapes('am 12.03.1985')).toBe(NUMERIC_DATE_SHAPE);
    expect(shapes('am 1/ 3/ 85 da')).toBe(NUMERIC_DATE_SHAPE);
    expect(shapes('ISO:1985-03-12')).toBe(NUMERIC_DATE_SHAPE);
    // An IP address, a version, a time, a date without year, separators that differ: no date.
    expect(shapes('IP 85.93.229.92')).toBe(0);
    expect(shapes('v17.4.1')).toBe(0);
    expect(shapes('um 18.00')).toBe(0);
    expect(shapes('am 12.05.')).toBe(0);
    expect(shapes('am 12.03-1985')).toBe(0);
    expect(shapes('am 12.03.1985.4')).toBe(0);
  });

  it('allows a named date where a year can end one', () => {
    expect(shapes('am 18. September 1941')).toBe(NAMED_DATE_SHAPE);
    expect(shapes('the twenty-ninth of February, 1992')).toBe(NAMED_DATE_SHAPE);
    expect(shapes('el dos de marzo  de 1935')).toBe(NAMED_DATE_SHAPE);
    expect(shapes('3.IV.1985 und 03-Apr-1985')).toBe(NAMED_DATE_SHAPE);
    expect(shapes("3 March  '85")).toBe(NAMED_DATE_SHAPE);
    // No day before a two-digit number, a year glued to a code, a year after a number sign.
    expect(shapes('IP 85, 42')).toBe(0);
    expect(shapes('Rechnung RE-2024-84900')).toBe(0);
    expect(shapes('Betrag (2052)')).toBe(0);
  });
});
