import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { internationalPhoneKind, isValidInternationalPhone, isValidNationalPhone, nationalPhoneKind } from '../../../shared/domain/sanitizer/phone-validity.js';

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

/** libphonenumber-js's own verdict, in our three kinds. */
function kindByLibphonenumber(parsed: ReturnType<typeof parsePhoneNumberFromString>): string {
  if (parsed?.isValid() !== true) return 'invalid';
  const type = parsed.getType();
  return type === 'TOLL_FREE' || type === 'SHARED_COST' || type === 'PREMIUM_RATE' || type === 'UAN' ? 'business' : 'personal';
}

describe('Function: nationalPhoneKind', () => {
  it.each([
    ['900100200', 'ES', 'business'],
    ['800901123', 'IT', 'business'],
    ['801123456', 'PL', 'business'],
    ['08003301000', 'DE', 'business'],
    ['01805123456', 'DE', 'business'],
    // Universal access numbers: one number for all of a company's offices.
    ['03456001234', 'GB', 'business'],
    ['0881234567', 'NL', 'business'],
    ['015123456789', 'DE', 'personal'],
    ['612345678', 'ES', 'personal'],
    ['0123456789', 'DE', 'invalid'],
  ])('judges %s in %s as %s', (digits, region, expected) => {
    expect(nationalPhoneKind(digits, region)).toBe(expected);
  });

  it('agrees with libphonenumber-js getType() on random national numbers', () => {
    // Prepare: business prefixes are rare among random digits, so half the numbers start with one.
    const nextDigits = digitSource(112358);
    const prefixes = ['0800', '0180', '0900', '800', '900', '801', '03', '088', '0', ''];
    const disagreements: string[] = [];
    // Act
    for (let i = 0; i < 4000; i++) {
      const region = REGIONS[i % REGIONS.length]!;
      const digits = nextDigits(8 + (i % 5), prefixes[i % prefixes.length]);
      if (digits.startsWith('00')) continue;
      const expected = kindByLibphonenumber(parsePhoneNumberFromString(digits, region as CountryCode));
      if (nationalPhoneKind(digits, region) !== expected) disagreements.push(`${region} ${digits}`);
    }
    // Assess
    expect(disagreements).toEqual([]);
  });
});

describe('Function: internationalPhoneKind', () => {
  it('agrees with libphonenumber-js getType() on random international numbers', () => {
    const nextDigits = digitSource(271828);
    const disagreements: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const code = CALLING_CODES[i % CALLING_CODES.length]!;
      const service = ['800', '900', '801', '180', ''][i % 5]!;
      const digits = nextDigits(code.length + 8 + (i % 4), code + service);
      const expected = kindByLibphonenumber(parsePhoneNumberFromString('+' + digits));
      if (internationalPhoneKind(digits) !== expected) disagreements.push(`+${digits}`);
    }
    expect(disagreements).toEqual([]);
  });
});
