import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { isValidInternationalPhone, isValidNationalPhone } from '../../../shared/domain/sanitizer/phone-validity.js';

const REGIONS = ['DE', 'AT', 'CH', 'FR', 'BE', 'NL', 'GB', 'IE', 'ES', 'IT', 'PT', 'PL'];
const CALLING_CODES = ['49', '43', '41', '33', '32', '31', '44', '353', '34', '39', '351', '48', '1', '7'];

/** Deterministic pseudo-random digits (xorshift), so a failure can be reproduced. */
function digitSource(seed: number): (length: number, prefix?: string) => string {
  let state = seed;
  return (length, prefix = '') => {
    let out = prefix;
    while (out.length < length) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      out += String((state >>> 0) % 10);
    }
    return out;
  };
}

describe('Function: isValidNationalPhone', () => {
  it.each([
    ['015123456789', 'DE', true],
    ['03012345678', 'DE', true],
    ['0612345678', 'FR', true],
    ['612345678', 'ES', true],
    ['3471234567', 'IT', true],
    ['07911123456', 'GB', true],
    ['0123456789', 'DE', false],
    ['4001234567', 'IT', false],
    ['0612345678', 'XX', false],
  ])('judges %s in %s as %s', (digits, region, expected) => {
    expect(isValidNationalPhone(digits, region)).toBe(expected);
  });

  it('agrees with libphonenumber-js parse().isValid() on random national numbers', () => {
    // Prepare
    const nextDigits = digitSource(20261129);
    const disagreements: string[] = [];
    // Act
    for (let i = 0; i < 4000; i++) {
      const region = REGIONS[i % REGIONS.length]!;
      const digits = nextDigits(7 + (i % 8), i % 2 === 0 ? '0' : '');
      if (digits.startsWith('00')) continue;
      const expected = parsePhoneNumberFromString(digits, region as CountryCode)?.isValid() === true;
      if (isValidNationalPhone(digits, region) !== expected) disagreements.push(`${region} ${digits}`);
    }
    // Assess
    expect(disagreements).toEqual([]);
  });
});

describe('Function: isValidInternationalPhone', () => {
  it.each([
    ['4915123456789', true],
    ['4903012345678', true],
    ['33612345678', true],
    ['4912345', false],
    ['999123456789', false],
  ])('judges +%s as %s', (digits, expected) => {
    expect(isValidInternationalPhone(digits)).toBe(expected);
  });

  it('agrees with libphonenumber-js parse().isValid() on random international numbers', () => {
    const nextDigits = digitSource(4242);
    const disagreements: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const code = CALLING_CODES[i % CALLING_CODES.length]!;
      const digits = nextDigits(code.length + 6 + (i % 7), code + (i % 5 === 0 ? '0' : ''));
      const expected = parsePhoneNumberFromString('+' + digits)?.isValid() === true;
      if (isValidInternationalPhone(digits) !== expected) disagreements.push(`+${digits}`);
    }
    expect(disagreements).toEqual([]);
  });
});
