import { isValidIBAN } from 'ibantools';
import { describe, expect, it } from 'vitest';
import { isValidIbanOfCountryLength } from '../../../shared/domain/sanitizer/detect-iban.js';

const VALID = ['DE89370400440532013000', 'GB82WEST12345698765432', 'FR1420041010050500013M02606', 'ES9121000418450200051332', 'IT60X0542811101000000123456', 'NL91ABNA0417164300', 'BE68539007547034', 'PL61109010140000071219812874', 'CH9300762011623852957', 'AT611904300234573201'];

/** A deterministic stream of numbers in [0, 1). */
function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

describe('Function: isValidIbanOfCountryLength', () => {
  it('accepts valid IBANs and rejects them with a changed check digit or BBAN character', () => {
    // Prepare
    const changedCheckDigit = VALID.map((iban) => iban.slice(0, 3) + String((Number(iban[3]) + 1) % 10) + iban.slice(4));
    const changedBban = VALID.map((iban) => iban.slice(0, -1) + String((Number(iban.at(-1)) + 1) % 10));
    // Act
    const verdicts = [VALID, changedCheckDigit, changedBban].map((list) => list.map(isValidIbanOfCountryLength));
    // Assess
    expect(verdicts[0]).toEqual(VALID.map(() => true));
    expect(verdicts[1]).toEqual(VALID.map(() => false));
    expect(verdicts[2]).toEqual(VALID.map(() => false));
  });

  it('gives the same verdict as ibantools isValidIBAN on mutated candidates', () => {
    // Prepare
    const random = seeded(42);
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const candidates: string[] = [];
    for (let k = 0; k < 20000; k++) {
      const base = VALID[Math.floor(random() * VALID.length)]!;
      const chars = [...base];
      const changes = Math.floor(random() * 3);
      for (let c = 0; c < changes; c++) {
        const at = 2 + Math.floor(random() * (chars.length - 2));
        chars[at] = at < 4 ? String(Math.floor(random() * 10)) : alphabet[Math.floor(random() * alphabet.length)]!;
      }
      candidates.push(chars.join(''));
    }
    // Act
    const disagreements = candidates.filter((iban) => isValidIbanOfCountryLength(iban) !== isValidIBAN(iban));
    // Assess
    expect(disagreements).toEqual([]);
    expect(candidates.filter((iban) => isValidIBAN(iban)).length).toBeGreaterThan(1000);
  });
});
