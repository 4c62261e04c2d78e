import { describe, expect, it } from 'vitest';
import {
  getRegionForPhoneNumber, hasKnownCardPrefix, isCodiceFiscaleValid, isDutchBsnValid, isEan13Valid, isFrenchNirValid,
  isGermanTaxIdValid, isIpv4Valid, isIpv6Valid, isLuhnValid, isNonRoutableIpv4, isNonRoutableIpv6, isPeselValid, isSpanishIdValid,
  isUkNinoValid,
} from '../../../shared/domain/sanitizer/index.js';

describe('Validators', () => {
  it.each([
    ['isLuhnValid', isLuhnValid, '4111111111111111', '4111111111111112'],
    ['isEan13Valid', isEan13Valid, '4006381333931', '4006381333932'],
    ['isGermanTaxIdValid', isGermanTaxIdValid, '86095742719', '86095742718'],
    ['isSpanishIdValid (DNI)', isSpanishIdValid, '12345678Z', '12345678A'],
    ['isSpanishIdValid (NIE)', isSpanishIdValid, 'X1234567L', 'X1234567A'],
    ['isCodiceFiscaleValid', isCodiceFiscaleValid, 'RSSMRA85T10A562S', 'RSSMRA85T10A562T'],
    ['isFrenchNirValid', isFrenchNirValid, '269054958815780', '269054958815781'],
    ['isFrenchNirValid (Corsica)', isFrenchNirValid, '185032A00100142', '185032A00100143'],
    ['isUkNinoValid', isUkNinoValid, 'AB123456C', 'QQ123456C'],
    ['isPeselValid', isPeselValid, '44051401359', '44051401358'],
    ['isDutchBsnValid', isDutchBsnValid, '111222333', '111222334'],
    ['isIpv4Valid', isIpv4Valid, '192.168.1.20', '256.1.1.1'],
    ['isIpv6Valid', isIpv6Valid, '2001:db8::8a2e:370:7334', '2001:db8::1::2'],
  ])('%s accepts a valid and rejects an invalid value', (_name, validate, valid, invalid) => {
    expect(validate(valid)).toBe(true);
    expect(validate(invalid)).toBe(false);
  });

  it('rejects a Steuer-ID whose digits repeat wrongly', () => {
    expect(isGermanTaxIdValid('11111111111')).toBe(false);
  });
  it('knows card prefixes and lengths', () => {
    expect(hasKnownCardPrefix('378282246310005')).toBe(true);
    expect(hasKnownCardPrefix('9111111111111111')).toBe(false);
  });
});

describe('Function: getRegionForPhoneNumber', () => {
  it.each([
    ['4915123456789', 'DE'],
    ['+33 6 12 34 56 78', 'FR'],
    ['44', 'GB'],
    ['+1', 'US'],
    ['', undefined],
  ])('maps %s to %s', (input, region) => {
    expect(getRegionForPhoneNumber(input)).toBe(region);
  });
});

describe('Function: isNonRoutableIpv4', () => {
  it.each(['10.0.0.1', '172.16.0.1', '172.31.255.254', '192.168.1.1', '100.64.0.1', '100.127.255.1', '127.0.0.1', '169.254.1.1', '0.0.0.0', '255.255.255.255'])(
    'takes %s for an address no internet host has',
    (ip) => {
      expect(isNonRoutableIpv4(ip)).toBe(true);
    },
  );
  it.each(['172.15.0.1', '172.32.0.1', '192.169.1.1', '100.63.0.1', '100.128.0.1', '11.0.0.1', '84.172.33.201', '169.253.1.1'])(
    'takes %s, just outside those ranges, for a public address',
    (ip) => {
      expect(isNonRoutableIpv4(ip)).toBe(false);
    },
  );
});

describe('Function: isNonRoutableIpv6', () => {
  it.each(['fe80::1', 'FEBF::1', 'fc00::1', 'fd12:3456:789a::1', '::1'])('takes %s for a link-local, unique-local or loopback address', (ip) => {
    expect(isNonRoutableIpv6(ip)).toBe(true);
  });
  it.each(['fec0::1', 'fe8::1', '2a02:8108::1', '2001:db8::1', '::2', 'fb00::1'])('takes %s for another address', (ip) => {
    expect(isNonRoutableIpv6(ip)).toBe(false);
  });
});
