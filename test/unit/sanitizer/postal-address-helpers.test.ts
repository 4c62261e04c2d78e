import { describe, expect, it } from 'vitest';
import { hasDigitFrom, trimmedLength } from '../../../shared/domain/sanitizer/detect-postal-address.js';

describe('Function: trimmedLength', () => {
  it('keeps what a replace of trailing white space and commas keeps', () => {
    // Prepare
    const values = ['', ',', ' , ', 'Hauptstraße 5, ', 'Hauptstraße 5', 'a\u00a0,\u2028\ufeff', '12,\n', '\u200b ', 'x\u3000'];
    for (const value of values) {
      // Act
      const length = trimmedLength(value);
      // Assess
      expect(length).toBe(value.replace(/[\s,]+$/u, '').length);
    }
  });

  it('agrees with the regex on every BMP character at the end', () => {
    for (let code = 0; code < 0x10000; code++) {
      const value = `a${String.fromCharCode(code)}`;
      expect(trimmedLength(value)).toBe(value.replace(/[\s,]+$/u, '').length);
    }
  });
});

describe('Function: hasDigitFrom', () => {
  it('finds a digit at or after the position only', () => {
    // Prepare
    const text = '12 Mill Lane, Bristol';
    // Act & Assess
    expect(hasDigitFrom(text, 0)).toBe(true);
    expect(hasDigitFrom(text, 1)).toBe(true);
    expect(hasDigitFrom(text, 2)).toBe(false);
    expect(hasDigitFrom(text, text.length)).toBe(false);
    expect(hasDigitFrom('Lane, BS3 4DT', 4)).toBe(true);
  });
});
