import { describe, expect, it } from 'vitest';
import { sanitizeText } from '../../../shared/domain/sanitizer/sanitize-text.js';

describe('Function: sanitizeText (Spanish ID forms)', () => {
  it('finds DNI and NIE in every written form the candidate patterns accept', () => {
    // Prepare
    const texts = [
      'DNI 12345678Z gracias',
      'DNI 12345678-Z gracias',
      'DNI 12345678 Z gracias',
      'DNI 12345678z gracias',
      'NIE X1234567L gracias',
      'NIE X-1234567-L gracias',
      'NIE x1234567l gracias',
      'NIE x-1234567-l gracias',
      'mi DNI es 01234567L',
      'DNI 12.345.678-Z gracias',
      'DNI 12.345.678 Z gracias',
      'DNI 1.234.567-L gracias',
    ];
    // Act
    const types = texts.map((text) => sanitizeText(text, { lang: 'es' }).findings.map((f) => f.type));
    // Assess
    expect(types).toEqual(texts.map(() => ['NATIONAL_ID']));
  });

  it('leaves digit runs of other lengths or without a letter after them alone', () => {
    // Prepare
    const texts = ['Pedido 123456789Z', 'Pedido 1234567 unidades', 'Ref 123456Z', 'Código 12345678/Z', 'DNI 12.345.678-A', 'Importe 12.345.678 EUR'];
    // Act
    const findings = texts.map((text) => sanitizeText(text, { lang: 'es' }).findings.filter((f) => f.type === 'NATIONAL_ID'));
    // Assess
    expect(findings).toEqual(texts.map(() => []));
  });
});

describe('Function: sanitizeText (9-11-digit IDs after their name)', () => {
  it('finds the ID after every kind of ID word, in any case and with a long s', () => {
    // Prepare
    const texts = [
      'PEſEL 44051401359',
      'BſN 111222333',
      'Burgerservicenummer: 111222333',
      'ſofi-nummer 111222333',
      'STEUERNUMMER 86095742719',
      'steuerliche ID 86095742719',
      'TIN 86095742719',
      'tax ID 86095742719',
      'IdNr. 86095742719',
      'Steuer-Identifikationsnummer 86095742719',
    ];
    // Act
    const types = texts.map((text) => sanitizeText(text, {}).findings.map((f) => f.type));
    // Assess
    expect(types).toEqual(texts.map(() => ['NATIONAL_ID']));
  });
});
