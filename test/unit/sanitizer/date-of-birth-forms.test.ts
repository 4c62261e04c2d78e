import { describe, expect, it } from 'vitest';
import { sanitizeText } from '../../../shared/domain/sanitizer/sanitize-text.js';

describe('Function: sanitizeText (date-of-birth shapes)', () => {
  it('finds a date of birth in every date shape after a birth keyword', () => {
    // Prepare
    const dates = ['12.03.1985', '1.3.85', '12. 03. 1985', '12/03/1985', '12-03-85', '1985-03-12', '12 March 1985', '12th of March 1985', 'March 12, 1985', '12 de marzo de 1985'];
    // Act
    const found = dates.map((date) => {
      const text = `Date of birth: ${date}, thanks`;
      return sanitizeText(text, { lang: 'en' }).findings.filter((f) => f.type === 'DATE_OF_BIRTH').map((f) => text.slice(f.start, f.end));
    });
    // Assess
    expect(found).toEqual(dates.map((date) => [date]));
  });

  it('leaves a birth keyword near digits that form no date alone', () => {
    // Prepare
    const texts = ['Geburtstag am 12 um 15:30', 'born in 1875 or so', 'nacido el 12,03,1985'];
    // Act
    const findings = texts.map((text) => sanitizeText(text, { lang: 'de' }).findings.filter((f) => f.type === 'DATE_OF_BIRTH'));
    // Assess
    expect(findings).toEqual(texts.map(() => []));
  });
});
