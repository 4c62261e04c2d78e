import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressFamilies, addressPatternsByFamily, detectPostalAddresses } from '../../../shared/domain/sanitizer/detect-postal-address.js';
import { collectTextFacts } from '../../../shared/domain/sanitizer/text-facts.js';
import type { Finding } from '../../../shared/domain/sanitizer/types.js';

/** Street, postcode and address words in every case the patterns allow, and some near misses. */
const WORDS = [
  'Rue', 'rue', 'Avenue', 'av.', 'Av.', 'Avda', 'Bd', 'bd.', 'Chemin', 'Allée', 'Impasse', 'place', 'Quai', 'Calle', 'C/', 'c/',
  'Avenida', 'Plaza', 'Paseo', 'Camino', 'Carrer', 'Passeig', 'passeig', 'Avinguda', 'Plaça', 'Rambla', 'Travessera', 'Ronda', 'Travesía', 'travesia', 'Via', 'via', 'Viale', 'Piazza', 'Piazzale',
  'Corso', 'Largo', 'Vicolo', 'Strada', 'Lungomare', 'Rua', 'Rúa', 'Heol', 'ffordd', 'Stryd', 'Urbanización', 'Urb.', 'Quinta', 'Bairro', 'Chalet', 'Lote', 'Loc.', 'Frazione', 'Travessa', 'Praça', 'Estrada', 'Alameda', 'ul.', 'Ulica', 'ulicy', 'al.',
  'Aleja', 'os.', 'Osiedle', 'pl.', 'Plac', 'Straße', 'Strasse', 'Str.', 'Weg', 'Platz', 'Allee', 'Gasse', 'Ring', 'Damm', 'Ufer',
  'Chaussee', 'Markt', 'Straat', 'Laan', 'Plein', 'Gracht', 'Kade', 'Hauptstraße', 'Hauptstr.', 'hauptstr', 'Lindenweg',
  'Kerkstraat', 'Dorfplatz', 'Steig', 'pfad', 'singel', 'dijk', 'steeg', 'Street', 'St', 'St.', 'Road', 'Rd', 'Ave', 'Lane',
  'Ln', 'Drive', 'Dr', 'Close', 'Way', 'Court', 'Ct', 'Place', 'Square', 'Sq', 'Terrace', 'Crescent', 'Gardens', 'Boulevard',
  'Blvd', 'Hill', 'Row', 'Mews', 'Grove', 'Parade', 'Walk', 'PLZ', 'Plz', 'plz', 'Postleitzahl', 'Zip', 'zip code', 'ZIP',
  'Post Code', 'postal code', 'code postal', 'Código postal', 'codigo postal', 'C.P.', 'CP', 'CAP', 'Kod pocztowy', 'Postcode',
  'Adresse', 'address', 'Adres', 'Dirección', 'direccion', 'Indirizzo', 'Endereço', 'Adresa', 'wohne in', 'Wohnhaft in',
  'live at', "J'habite au", "j'habite à", 'Vivo en', 'abito in', 'Woon op', 'Mieszkam na', 'ist', 'is', 'est', 'lautet', 'nº',
  'Baker', 'Elm', 'Mayor', 'Roma', 'de', 'la', 'Berlin', 'Köln', 'SW1A', '1AA', 'Flat', 'DHL', 'Bring', 'Xrue', 'éRue',
  'Am', 'An der', 'Im', 'Zur', 'Kirchberg', 'Montag', 'Wien', 'Apt', 'Springfield', 'IL', 'izq.', 'Eircode', 'eircode', 'D02',
  'X285', '452-II', 'Weidenring', 'Lindenhof', 'Kirchberg', 'Hering', 'Offenbach am Main',
  'Unit', 'unit', 'Apartment', 'Suite', 'Studio', 'The Maltings', 'Co. Wicklow', 'SK13 6LQ', 'Glossop',
  'Triq', 'il-Kbira', 'Ctra.', 'V.le', 'P.zza', 'C.so', 'Route', 'Cours', 'Fbg', 'Wharf', 'Rise', 'Gdns', 'MST 1012', 'Postfach', 'Skrytka pocztowa', 'BP', 'PO Box', 'P.O. Box', 'Apartado', 'Main Street', 'Ballinamore', 'N41 F6P2', 'Meir', 'Nowy Świat', 'Antwerpen', 'Warszawa', '1017GC', 'Bestellung', '2024', 'Rose Cottage', 'Old Mill House', 'NR21 0AA',
];
const PIECES = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.constantFrom(' ', ' ', ', ', ': ', '-', '/', '.', '\u00a0', '\n'),
  fc.integer({ min: 0, max: 99999 }).map(String),
  fc.constantFrom('12a', '5/3', '221B', '10115', '75002', '2º', '00-950', '1012 AB', '1010', '62704'),
);
const TEXTS = fc.array(PIECES, { minLength: 1, maxLength: 14 }).map((pieces) => pieces.join(''));

describe('Function: addressFamilies', () => {
  it('reports the family of every address pattern that can match the text (so skipping the others changes nothing)', () => {
    // Prepare
    const patterns = addressPatternsByFamily();
    // Act & Assess
    fc.assert(
      fc.property(TEXTS, (text) => {
        const families = addressFamilies(text, collectTextFacts(text));
        for (const { family, pattern } of patterns) {
          if (pattern.test(text)) expect({ text, family, reported: (families & family) !== 0 }).toEqual({ text, family, reported: true });
        }
      }),
      { numRuns: 20_000 },
    );
  });

  it('reports nothing for text without street, postcode or address words', () => {
    // Prepare
    const text = 'Bestellung 4711 kam am 12.03. an, 3 Stück fehlen, bitte um Rückruf';
    // Act
    const families = addressFamilies(text, collectTextFacts(text));
    // Assess
    expect(families).toBe(0);
  });
});

describe('Function: detectPostalAddresses', () => {
  it('finds the same addresses as running every pattern on the text', () => {
    // Prepare
    const patterns = addressPatternsByFamily();
    const samples = ['Lieferung an Hauptstraße 12, 10115 Berlin', 'I live at 221B Baker Street', 'Mi dirección: Calle Mayor 5', 'PLZ 10115 Berlin'];
    for (const text of samples) {
      // Act
      const found: Finding[] = [];
      detectPostalAddresses(text, { regions: [], facts: collectTextFacts(text) }, found);
      // Assess
      expect(found.length, text).toBeGreaterThan(0);
      expect(patterns.some(({ pattern }) => pattern.test(text)), text).toBe(true);
    }
  });
});
