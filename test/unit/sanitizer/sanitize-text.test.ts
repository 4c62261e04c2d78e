import { describe, expect, it } from 'vitest';
import { createSanitizer, sanitizeText, SanitizerConfigError } from '../../../shared/domain/sanitizer/index.js';
import type { PiiType } from '../../../shared/domain/sanitizer/index.js';

/** Types found in `text`, in order. */
const typesIn = (text: string, lang = 'de', defaultRegion?: string): PiiType[] =>
  sanitizeText(text, { lang, defaultRegion }).findings.map((f) => f.type);
/** Each finding as its type and the text it covers, in order. */
const spansIn = (text: string, lang = 'de', defaultRegion?: string): Array<[PiiType, string]> =>
  sanitizeText(text, { lang, defaultRegion }).findings.map((f) => [f.type, text.slice(f.start, f.end)]);

describe('Function: sanitizeText', () => {
  describe('EMAIL', () => {
    it('redacts an e-mail and reports exact offsets', () => {
      // Prepare
      const text = 'Mail: anna.mueller@web.de, danke';
      // Act
      const result = sanitizeText(text, { lang: 'de' });
      // Assess
      expect(result.text).toBe('Mail: [EMAIL], danke');
      expect(result.findings).toEqual([{ type: 'EMAIL', start: 6, end: 25 }]);
    });
    it.each([
      'service@stadtwerke-beispiel.de antwortet nicht',
      'the support@example-telecom.co.uk address bounces',
      'pas à contact@exemple-assurance.fr',
      'copia a administracion@ejemplo-talleres.es y Kunden.Service@shop.de',
      'clienti@negozio-example.it non risponde',
      'email de contacto de la empresa: reservas@hostal-sol.es, ¿es correcto?',
      "Qual è l'email dell'ufficio abbonamenti? abbonamenti@giornaledicomo.it va bene?",
      'Me llegó un correo de soporte@finanzia.es, ¿es phishing?',
      'service (at) firma (dot) de',
      '> On 12 Mar, Customer Care <care@quickfix-repairs.co.uk> wrote:',
      'Envie o orçamento para geral@canalizacoes-silva.pt',
      'retouren@moebel-example.de hat nicht geantwortet',
      'CV envoyé à recrutement@transports-example.fr',
      'schadensmeldung@versicherung-example.de',
      'or email boxoffice@royalplayhouse.co.uk',
    ])('keeps a business\'s function mailbox: "%s"', (text) => {
      expect(typesIn(text)).toEqual([]);
    });
    it.each([
      ['info@gmx.de', 'info@gmx.de'],
      ['schreibt an service@gmail.com', 'service@gmail.com'],
      ['anna.service@firma.de', 'anna.service@firma.de'],
      ['geral@gmail.com', 'geral@gmail.com'],
    ])('redacts a role word at a free-mail provider, or inside a person\'s address: "%s"', (text, expected) => {
      expect(spansIn(text)).toEqual([['EMAIL', expected]]);
    });
    it('keeps a chat mention without a local part', () => {
      expect(typesIn('danke @anna für die Info')).toEqual([]);
    });
    it.each([
      ['meine Mail: max.muster (at) web (dot) de', 'max.muster (at) web (dot) de'],
      ['anna.schmidt[at]gmx[punkt]net bitte', 'anna.schmidt[at]gmx[punkt]net'],
      ['écrivez à marie.dupont (AT) orange.fr', 'marie.dupont (AT) orange.fr'],
    ])('redacts an address with the "@" written as a bracketed word: "%s"', (text, expected) => {
      expect(spansIn(text)).toEqual([['EMAIL', expected]]);
    });
    it.each(['meet me (at) the station. ok', 'Preis (at) 12,50 €', 'wir sind [at] home'])('keeps "%s": no domain after the bracketed "at"', (text) => {
      expect(typesIn(text, 'en')).toEqual([]);
    });
  });

  describe('PHONE', () => {
    it.each([
      ['de', 'DE', 'ruf mich an: 0151 23456789'],
      ['de', 'DE', 'Tel.-Nr. +49 (0)30 12345678'],
      ['fr', 'FR', 'mon portable 06 12 34 56 78'],
      ['es', 'ES', 'llamadme al 612 345 678'],
      ['it', 'IT', 'cell 347 123 4567'],
      ['en', 'GB', 'call 07911 123456'],
      ['de', 'DE', 'Telefonnr. für DHL-Avis: +49 (0) 157 - 35 82 90 14'],
      // Not valid in the numbering plan, but a "+" and a calling code make it a phone number as typed.
      ['nl', 'NL', 'Mijn nummer is veranderd: +31 6 98765432'],
      // Polish "w" is "in", not watts.
      ['pl', 'PL', 'Proszę o kontakt pod +48 512 440 918 w sprawie auta'],
      // A person's office number is theirs.
      ['it', 'IT', 'Numero ufficio +39 (0)2 8765 4321'],
      ['de', 'DE', 'Telefon privat (0 30) 8 92 14 55'],
      ['de', 'DE', 'Tel. (03494) 36 12 45'],
    ])('redacts a %s phone number', (lang, region, text) => {
      expect(typesIn(text, lang, region)).toEqual(['PHONE']);
    });
    it.each([
      ['es', 'ES', 'He llamado al 900 100 200 y no contesta nadie'],
      ['it', 'IT', 'Avete un numero verde? Ho trovato 800 901 123 ma è sempre occupato'],
      ['pl', 'PL', 'Infolinia 801 123 456 nie odbiera'],
      ['de', 'DE', 'Die Hotline 0800 330 1000 ruft nie zurück'],
      ['nl', 'NL', 'Het servicenummer 088 - 123 45 00 hield me 45 min in de wacht'],
    ])('keeps a %s toll-free, shared-cost or service-line number, even after a phone word', (lang, region, text) => {
      expect(typesIn(text, lang, region)).toEqual([]);
    });
    it.each([
      ['de', 'DE', 'Hat die Filiale Leipzig Hbf noch die Nummer 0341 22 33 440? Ich will wissen ob die offen haben'],
      ['fr', 'FR', 'SAV au 09 69 32 15 15 ne répond jamais'],
      ['es', 'ES', '¿El teléfono de la tienda de Bilbao es el 944 123 000?'],
      ['fr', 'FR', 'Votre service client au 09 69 32 15 15 ne répond jamais...'],
      ['de', 'DE', 'dienstlich erreichbar über 030 2025-0'],
      ['fr', 'FR', 'standard : 01 44 55 66 77, demandez le service contentieux'],
      ['en', 'GB', 'our office is open 9-5:30 mon-fri, call 0345 600 1234 if urgent'],
      ['nl', 'NL', 'Jullie nummer 088 123 4567 werkt niet, ik bel al sinds 9 uur'],
      ['fr', 'FR', "J'ai appelé votre standard au 01 44 55 66 00."],
      ['en', 'GB', 'Box office hours: Mon–Sat 10:00–20:00, call 020 7946 0000'],
      ['pl', 'PL', 'Karta zastrzeżona, numer zastrzeżenia 828 828 828'],
    ])('keeps a %s number the sentence gives to a shop, branch or department, or a company number', (lang, region, text) => {
      expect(typesIn(text, lang, region)).toEqual([]);
    });
    it.each([
      ['de', 'DE', 'Ich arbeite in der Filiale, ruf mich an: 0171 4839201'],
      ['es', 'ES', 'Estoy en la tienda, mi móvil es 612 34 56 78'],
    ])('redacts a %s number that is the writer\'s, whatever business the sentence names', (lang, region, text) => {
      expect(typesIn(text, lang, region)).toEqual(['PHONE']);
    });
    it.each([
      ['es', 'ES', '¿Os llamo al 91 123 45 00 o escribo aquí?'],
      ['fr', 'FR', 'je vous appelle au 01 44 55 66 77 demain'],
      ['en', 'GB', 'shall I call you on 020 7946 0958?'],
      ['de', 'DE', 'Soll ich Sie unter 030 12345678 anrufen?'],
    ])('keeps a %s number the writer offers to call the business on', (lang, region, text) => {
      expect(typesIn(text, lang, region)).toEqual([]);
    });
    it.each([
      ['en', 'GB', 'can you call me at 020 7946 0958?'],
      ['en', 'GB', "I'll call you from my new number 07911 123456"],
      ['de', 'DE', 'Können Sie mich unter 030 12345678 anrufen?'],
      ['es', 'ES', 'Llamadme al 612 345 678 por favor'],
    ])('redacts a %s number the writer asks to be called on, or calls from', (lang, region, text) => {
      expect(typesIn(text, lang, region)).toEqual(['PHONE']);
    });
    it.each([
      ['de', 'DE', 'Rufnummernmitnahme: alte Nr. 0172 5048831, Wunschtermin 01.06.', '0172 5048831'],
      ['de', 'DE', 'meine Nr. ist 0172 5048831', '0172 5048831'],
    ])('redacts a %s number after a bare "Nr." that is the writer\'s own or changed one', (lang, region, text, expected) => {
      expect(spansIn(text, lang, region)).toEqual([['PHONE', expected]]);
    });
    it('keeps a valid-looking number after "Nr." with a label word before it', () => {
      expect(typesIn('Bestellung Nr. 0172 5048831', 'de', 'DE')).toEqual([]);
    });
    it('keeps the hotline and redacts the customer\'s own number beside it', () => {
      expect(spansIn('call 0800 123 4567 or my mobile 07700 900123', 'en', 'GB')).toEqual([['PHONE', '07700 900123']]);
    });
    it.each([
      'Bestellung 4001234567 ist nicht da',
      'Sendungsnummer 00340434161094012345',
      'EAN 4006381333931',
      'Preis 1.299,00 €',
      'Lieferung am 12.03.2024 um 14:30',
      'App Version 17.4.1',
      'order #0151234567',
      'Rezept liegt vor, PZN 08842731, kann ich es abholen?',
      'Pour le contrat, client 5500231 merci',
      'Rechnung 0123456789',
      'Verwendungszweck 0927441083',
    ])('keeps the number in "%s"', (text) => {
      expect(typesIn(text, 'de', 'DE')).toEqual([]);
    });
    it.each([
      ['de', 'DE', 'Handy Nr. 0151 23456789'],
      ['en', 'GB', 'phone no 020 7946 0958'],
      ['en', 'GB', 'mobile no. +44 20 7946 0958'],
    ])('redacts a %s phone number named by a phone word before "Nr."/"no"', (lang, region, text) => {
      expect(typesIn(text, lang, region)).toEqual(['PHONE']);
    });
    it.each(['Order no 020 7946 0958', 'Nr. 030 12345678'])('keeps the number after a bare or order label in "%s"', (text) => {
      expect(typesIn(text, 'en', 'GB')).toEqual([]);
    });
    it('redacts a number in a signature whose next line starts like a unit ("m.brunner@...")', () => {
      const text = 'Marco Brunner\n+41 79 345 67 89\nm.brunner@bluewin.ch';
      expect(typesIn(text, 'de', 'CH')).toEqual(['PHONE', 'EMAIL']);
    });
    it('keeps a Polish customer number', () => {
      expect(typesIn('Mój numer klienta to 123-456-789, umowa na internet', 'pl', 'PL')).toEqual([]);
    });
    it('redacts a number with a slash between spaces', () => {
      expect(sanitizeText('Tel.: 069 / 123 456 78', { lang: 'de', defaultRegion: 'DE' }).text).toBe('Tel.: [PHONE]');
    });
    it.each([
      ['de', 'DE', 'ruf mich bitte zurück unter 0151 2345678', '0151 2345678'],
      ['en', 'GB', 'call me on 07700 900123 after 6pm', '07700 900123'],
      ['en', 'GB', 'mobile +44 (0) 7700 900 461', '+44 (0) 7700 900 461'],
    ])('redacts a %s number of a possible length that fails validation after a phone word', (lang, region, text, expected) => {
      expect(spansIn(text, lang, region)).toEqual([['PHONE', expected]]);
    });
    it.each([
      ['de', 'DE', 'Bestellung 0151 2345678 ist nicht da, bitte anrufen'],
      ['de', 'DE', 'die 0151 2345678 stand auf dem Paket'],
      ['en', 'GB', 'the code 07700 900123 did not work'],
    ])('keeps an invalid %s number without a phone word, or with a label', (lang, region, text) => {
      expect(typesIn(text, lang, region)).toEqual([]);
    });
  });

  describe('IBAN', () => {
    it('redacts a grouped and a compact IBAN', () => {
      const result = sanitizeText('IBAN DE89 3704 0044 0532 0130 00 oder DE89370400440532013000.');
      expect(result.text).toBe('IBAN [IBAN] oder [IBAN].');
    });
    it('keeps an IBAN with a wrong checksum', () => {
      expect(typesIn('IBAN DE88 3704 0044 0532 0130 00')).toEqual([]);
    });
    it('redacts an IBAN grouped by dashes', () => {
      expect(spansIn('Konto DE89-3704-0044-0532-0130-00 bitte')).toEqual([['IBAN', 'DE89-3704-0044-0532-0130-00']]);
    });
    it.each([
      ['nr konta 61 1090 1014 0000 0712 1981 2874', '61 1090 1014 0000 0712 1981 2874'],
      ['przelew na 61109010140000071219812874, dzięki', '61109010140000071219812874'],
      ['konto PL61 1090 1014 0000 0712 1981 2874', 'PL61 1090 1014 0000 0712 1981 2874'],
    ])('redacts a Polish account number written without "PL": "%s"', (text, expected) => {
      expect(spansIn(text, 'pl', 'PL')).toEqual([['IBAN', expected]]);
    });
    it('keeps 26 digits that are no Polish account number', () => {
      expect(typesIn('nr 62 1090 1014 0000 0712 1981 2874', 'pl', 'PL').filter((t) => t === 'IBAN')).toEqual([]);
    });
  });

  describe('CREDIT_CARD', () => {
    it('redacts a Luhn-valid card with spaces or dashes', () => {
      expect(sanitizeText('Karte 4111 1111 1111 1111 und 5500-0000-0000-0004').text).toBe('Karte [CARD] und [CARD]');
    });
    it('keeps a Luhn-invalid number and an unknown prefix', () => {
      expect(typesIn('Karte 4111 1111 1111 1112, Nummer 9111 1111 1111 1113')).toEqual([]);
    });
    it('redacts a card named by a card word before "no"/"Nr."', () => {
      expect(sanitizeText('card no 4111 1111 1111 1111, Kartennr. 5500 0000 0000 0004', { lang: 'en' }).text).toBe('card no [CARD], Kartennr. [CARD]');
    });
    it('redacts a card after "n°" with a card word a few words before', () => {
      expect(typesIn('Opposition carte ! Perdue ce matin, n° 4970 1012 3456 7893', 'fr')).toEqual(['CREDIT_CARD']);
    });
    it.each([
      'nochmal ich: die IBAN von eben war falsch DE39 1203 0000 0000 2020 51, morgen schick ich die richtige',
      'IBAN FR76 5377 4113 0223 1090 2247 722 refusé par ma banque',
    ])('keeps the groups of a broken IBAN, even where they pass Luhn: "%s"', (text) => {
      expect(typesIn(text).filter((t) => t === 'CREDIT_CARD')).toEqual([]);
    });
    it('keeps a Luhn-valid number after an order label', () => {
      expect(typesIn('Bestell-Nr. 4111 1111 1111 1111')).toEqual([]);
    });
  });

  describe('IP_ADDRESS', () => {
    it('redacts IPv4 and IPv6', () => {
      expect(sanitizeText('IP 84.172.33.201 und 2001:db8::8a2e:370:7334').text).toBe('IP [IP] und [IP]');
    });
    it.each([
      'router 192.168.1.1, firmware 6.2.1.3',
      'LAN 10.0.0.12 und 172.20.1.5, CGNAT 100.72.1.9',
      'localhost 127.0.0.1, link-local 169.254.10.20',
      'IPv6 fe80::1c2b:3a4d:5e6f:7a8b, ULA fd12:3456:789a::1, loopback ::1',
    ])('keeps a router\'s or a LAN\'s address, which identifies nobody: "%s"', (text) => {
      expect(typesIn(text)).toEqual([]);
    });
    it('redacts the public address next to a private one', () => {
      expect(spansIn('WAN 62.251.19.204, LAN 192.168.2.254', 'nl', 'NL')).toEqual([['IP_ADDRESS', '62.251.19.204']]);
    });
    it('keeps versions, out-of-range quads and clock times', () => {
      expect(typesIn('Version 1.2.3.4, Wert 300.1.1.1, um 10:30:00')).toEqual([]);
    });
    it.each([
      "La mise à jour 4.2.0.1 de l'appli bloque tout",
      'wersja aplikacji 7.4.2.1 na Androidzie',
      'after the update to 5.1.0.2 it crashes',
      'oprogramowanie 3.4.12.1, światłowód nie działa',
      "Version de l'appli 4.2.0.17, firmware du casque 1.3.2.",
      'Firmware vom Hörgerät zeigt 2.4.1.9, App-Version 5.12.0 (Build 3381). Ist das aktuell?',
    ])(
      'keeps a version after an update or version word up to three words before: "%s"',
      (text) => {
        expect(typesIn(text, 'fr')).toEqual([]);
      },
    );
  });

  describe('URL', () => {
    it.each([
      "here's my profile so you know it's me https://www.facebook.com/daniel.hughes.7737",
      'mein Insta: https://instagram.com/anna_m84',
      'schreib mir auf https://t.me/anna_m84',
      'oder direkt https://wa.me/4915123456789',
      'https://www.tiktok.com/@annamueller is my account',
      'de link om te bevestigen: https://mijn.energie-example.nl/bevestig/e3f91b27c8a04d55',
      'https://shop-example.nl/account?naam=Sanne%20de%20Vries',
    ])('redacts a URL that points at a person or carries their data: "%s"', (text) => {
      expect(typesIn(text, 'en')).toEqual(['URL']);
    });
    it.each([
      ['my insta is instagram.com/lucy.harper92', 'instagram.com/lucy.harper92'],
      ['find me: fb.com/lharper92.', 'fb.com/lharper92'],
      ['hier: shop-beispiel.de/passwort/8f3a9c1e7b2d4f60a1b2', 'shop-beispiel.de/passwort/8f3a9c1e7b2d4f60a1b2'],
      ['wa.me/4915123456789 schreib mir', 'wa.me/4915123456789'],
    ])('redacts a personal link written without "https://" or "www.": "%s"', (text, expected) => {
      expect(spansIn(text, 'en')).toEqual([['URL', expected]]);
    });
    it.each([
      'I clicked unsubscribe https://sms.example-retail.co.uk/u/4481927?n=447911123456 twice',
      'https://x.example.de/stop?m=%2B4915123456789',
    ])('redacts a link whose parameter is a phone number: "%s"', (text) => {
      expect(typesIn(text, 'en')).toEqual(['URL']);
    });
    it.each([
      'reset here: https://account.example.com/reset-password?code=8f3a9c1e7b2d4f60a1b2c3d4',
      'Bestätigungslink https://shop.example.de/konto/bestaetigen?t=a8F3kd92LmQ0xZ71pR',
      'lien de désinscription https://news.exemple.fr/desabonnement?id=8823741&h=f3a9c1e7b2d4',
      'link: https://sklep.example.pl/aktywuj/8f3a9c1e7b2d4f60a1b2',
      'https://www.example.pt/confirmar-email?utilizador=ines.silva',
      'mi calendly: https://calendly.com/lucia-garcia-88',
    ])('redacts a one-person link with its secret in a parameter, a user parameter or a personal page: "%s"', (text) => {
      expect(typesIn(text, 'en')).toEqual(['URL']);
    });
    it.each([
      'https://www.example.com/reset-password?lang=de&step=2',
      'https://www.example.co.uk/orders/3f2a9c1e-7b2d-4f60-a1b2-c3d4e5f60718',
      'https://www.example.de/produkt?sku=AB12CD34EF56GH',
    ])('keeps a one-person page without a secret, and a shop link with a long id: "%s"', (text) => {
      expect(typesIn(text, 'en')).toEqual([]);
    });
    it.each([
      'Mein Profil auf eurem Marktplatz: https://www.kaufnebenan.de/nutzer/tobias-achterberg-4417',
      'mijn profiel: https://www.tweedekansje.nl/profiel/marloes-huisman-utrecht',
      'perfil aqui: https://www.feira-digital.pt/membro/andre.figueiredo.braga',
      'Ho segnalato questo profilo https://www.cuorivicini.it/utenti/ale_milano_1985, mi chiede soldi',
      'my seller page is https://www.etsy.com/people/kittymorganart',
      'Mon profil candidat : https://www.emploi-plus.fr/candidats/amandine-perrin-1988',
      'plan : https://www.google.com/maps/place/45+Boulevard+Voltaire,+75011+Paris',
      'Link weryfikacyjny: https://id.kryptoportfel.pl/weryfikacja/7Kq2mZ91xPa0',
      'link: https://app.pillpal-pharmacy.co.uk/verify/e/4b1c9de2-77a0-41f3-9c55-0d2e7fa81b6c expired',
      'for the engineer: https://www.google.com/maps/place/53.80754,-1.55708',
      'dla kuriera: https://www.google.com/maps?q=50.06143,19.93658',
      'hier: https://www.google.com/maps?q=Hauptstr+5+Berlin',
    ])('redacts a marketplace profile, a verification link with a segment before its token, or a map link: "%s"', (text) => {
      expect(typesIn(text, 'en')).toEqual(['URL']);
    });
    it.each(['https://www.google.com/maps/dir/Berlin', 'https://www.kaufnebenan.de/nutzer/einstellungen'])('keeps "%s": no place, no handle', (text) => {
      expect(typesIn(text, 'en')).toEqual([]);
    });
    it('keeps a link whose long numeric parameters are no phone numbers', () => {
      expect(typesIn('https://shop.de/p?id=4006381333931&ref=1234567890', 'de')).toEqual([]);
    });
    it.each(['see amazon.co.uk/dp/B08N5WRWNW', 'St.Gallen/Zürich, 12.5/kg, v2.1/3', 'instagram.com/IKEA', 'z.B./usw'])(
      'keeps a bare link without personal data, and slashes that are no link: "%s"',
      (text) => {
        expect(typesIn(text, 'en')).toEqual([]);
      },
    );
    it.each(['Folgt uns auf https://www.facebook.com/IKEA', 'https://www.instagram.com/explore', 'https://shop-example.nl/bevestig/bestelling'])(
      'keeps a business page or a plain link: "%s"',
      (text) => {
        expect(typesIn(text, 'en')).toEqual([]);
      },
    );
    it('redacts a URL with a personal token or an e-mail', () => {
      const result = sanitizeText('https://shop.example.com/reset?token=abc123 und https://x.example.de/u?email=a%40b.de');
      expect(result.text).toBe('[URL] und [URL]');
    });
    it('keeps a plain product URL', () => {
      expect(typesIn('https://www.example-shop.de/p/123456?color=blue&size=42')).toEqual([]);
    });
    it.each([
      'https://app.examplefit.co.uk/profile/mark.thompson.84',
      'https://www.linkedin.com/in/jan-kowalski-1234',
      'https://maps.google.com/?q=Herderstra%C3%9Fe+12,+40237+D%C3%BCsseldorf',
      'https://www.google.com/maps/@52.5200,13.4050,15z',
      'https://maps.app.goo.gl/AbC123xYz',
      'https://waze.com/ul?ll=52.52,13.40',
      'https://konto.shop.de/reset/8f3a9c1e7b2d4f60a1b2',
      'https://shop.de/checkout?first_name=Anna&zip=10115',
      'https://shop.de/unsub?order_email=a%40b.de',
      'https://www.behance.net/oliviagrantdesign',
      'https://dribbble.com/annamueller',
      'https://werkenbij.zorggroep-oost.nl/kandidaat/lotte-visser-2291',
      'https://praca.example.pl/kandydat/jan-kowalski',
      'https://jobs.example.de/bewerber/anna-schmidt',
      'paypal.me/annaschmidt',
      'https://revolut.me/annas',
      'https://bunq.me/AnnaDeVries',
      'https://www.linkedin.com/in/annaschmidt',
      'https://www.ebay.co.uk/usr/annasmith',
      'https://www.airbnb.com/users/show/48213377',
      'https://cal.com/anna-smith',
      'https://photos.app.goo.gl/Xk3pQ9',
      'https://www.icloud.com/sharedalbum/#B0k5ON9t3GJ',
      'https://www.dropbox.com/s/a1b2c3/damage.jpg?dl=0',
      'https://drive.google.com/file/d/1AbCdEfG/view',
      'https://we.tl/t-AbCdEf123',
    ])('redacts a profile handle, a map location, a path token or personal parameters: %s', (url) => {
      expect(typesIn(`schau mal ${url} bitte`)).toEqual(['URL']);
    });
    it.each([
      'https://www.shop.de/account/settings',
      'https://shop.example/users/orders',
      'https://www.shop.de/in/stock/item-123',
      'https://www.shop.de/maps/filialen',
      'https://www.example.com/reset-password',
      'https://maps.google.com',
      'https://shop.de/confirm/summer-sale-collection',
      'https://shop.de/file?filename=manual.pdf',
      'https://www.behance.net/galleries/illustration',
      'https://dribbble.com/shots',
      'https://www.linkedin.com/company/example-gmbh',
      'https://cal.com/pricing',
      'https://docs.google.com/forms/d/e/1FAIpQLSd/viewform',
      'https://www.dropbox.com/business',
    ])(
      'keeps a page without a handle or a location: %s',
      (url) => {
        expect(typesIn(`schau mal ${url} bitte`)).toEqual([]);
      },
    );
  });

  describe('DATE_OF_BIRTH', () => {
    it.each([
      ['de', 'Geburtsdatum: 12.03.1985'],
      ['de', 'ich bin am 12.03.1985 in Köln geboren'],
      ['en', 'born on 3 March 1985'],
      ['fr', 'né le 12/03/1985'],
      ['es', 'fecha de nacimiento 12 de marzo de 1985'],
      ['it', 'nato il 10 dicembre 1985'],
      ['pl', 'data urodzenia 12.03.1985'],
      ['es', 'Mi hijo nació el 3 de mayo de 2014'],
      ['pt', 'o meu filho nasceu a 3 de maio de 2014'],
      ['pl', 'syn urodził się 3 maja 2014'],
      ['en', 'DOB: 03-Apr-1985'],
      ['pl', 'data urodzenia 3.IV.1985'],
      ['it', 'nato il 12 XI 1990 a Bari'],
      ['de', 'geboren am 3. März 85'],
      ['en', "DOB 3 March '85"],
      ['en', '12.03.1985 is my date of birth'],
      ['de', '03.04.1990 ist mein Geburtsdatum'],
      ['es', 'el 12/03/1985 es mi fecha de nacimiento'],
      ['fr', 'Né(e) le : 05/06/1971'],
      ['it', 'nato/a il 05/06/1971'],
      ['pt', 'dt. nasc. 05/06/1971'],
      ['es', 'fecha nac. 12-03-1985'],
      ['en', 'd.o.b 01-02-1999'],
      ['en', 'DOB (for the security check) is 12/03/1985'],
      ['fr', 'date de naissance (pour le contrat) : 12/03/1985'],
      ['es', 'F.Nac: 12/03/1985'],
      ['de', 'Mein Geburtsdatum wurde falsch erfasst, richtig ist der 14.03.1987, nicht 1978.'],
      ['en', 'DOB: the twenty-ninth of February 1992'],
      ['de', 'geboren am neunzehnten Mai 1980'],
      ['de', 'Mein Vater (Rudolf Meinke, *17.04.1941) kann nicht selbst schreiben'],
    ])('redacts a %s date of birth', (lang, text) => {
      expect(typesIn(text, lang)).toEqual(['DATE_OF_BIRTH']);
    });
    it.each([
      ['de', 'wurde am neunzehnten Mai neunzehnhundertachtzig geboren', 'neunzehnten Mai neunzehnhundertachtzig'],
      ['en', 'Security answer, DOB is the fourteenth of June nineteen seventy-seven', 'fourteenth of June nineteen seventy-seven'],
      ['es', 'nací el veintitrés de mayo de mil novecientos ochenta y dos', 'veintitrés de mayo de mil novecientos ochenta y dos'],
      ['fr', 'je suis né le vingt-trois mai mil neuf cent quatre-vingt-deux', 'vingt-trois mai mil neuf cent quatre-vingt-deux'],
      ['it', 'sono nata il primo aprile millenovecentottanta', 'primo aprile millenovecentottanta'],
      ['pl', 'urodziłam się trzeciego maja tysiąc dziewięćset osiemdziesiątego roku', 'trzeciego maja tysiąc dziewięćset osiemdziesiątego'],
      // With a digit elsewhere the facts scan finds the year's first word, in each of its cases.
      ['de', 'Kundennr 12345, geboren am neunzehnten Mai NEUNZEHNHUNDERTACHTZIG', 'neunzehnten Mai NEUNZEHNHUNDERTACHTZIG'],
      ['en', 'ref 4471: born on the 2nd of May Nineteen Eighty', '2nd of May Nineteen Eighty'],
    ])('redacts a %s date of birth written in words', (lang, text, expected) => {
      expect(spansIn(text, lang)).toEqual([['DATE_OF_BIRTH', expected]]);
    });
    it.each(['the party is on the fourteenth of June two thousand twenty-five', 'Lieferung am zweiten Mai zweitausendfünfundzwanzig'])(
      'keeps a date in words without a birth word: "%s"',
      (text) => {
        expect(typesIn(text, 'en')).toEqual([]);
      },
    );
    it.each(['Lieferung *12.03.2024*', '*wichtig* Lieferung am 12.03.2024', 'Termin: * 12.03.2024'])('keeps a date with a star that is no birth mark: "%s"', (text) => {
      expect(typesIn(text)).toEqual([]);
    });
    it.each([
      ['je suis ne le 07/01/2006 donc tarif jeune ?', '07/01/2006'],
      ['il est nee le 3 mars 1990', '3 mars 1990'],
    ])('redacts a date of birth after a French "né" typed without its accent: "%s"', (text, expected) => {
      expect(spansIn(text, 'fr', 'FR')).toEqual([['DATE_OF_BIRTH', expected]]);
    });
    it('redacts a date after a Belgian degree sign, which stands for "né(e)"', () => {
      expect(spansIn('Dag, onze dochter (°03/05/2018) start in september in de kinderopvang.', 'nl', 'BE')).toEqual([['DATE_OF_BIRTH', '03/05/2018']]);
    });
    it.each(['Commande N°12/05/2024 livrée', 'il fait 20°03/05 non'])('keeps a date after the "°" of "N°" or of a temperature: "%s"', (text) => {
      expect(typesIn(text, 'fr')).toEqual([]);
    });
    it.each([
      ['es', 'ES', 'de parte de mi vecina doña Pilar, nacida el dos de marzo de 1935, no tiene whatsapp', 'dos de marzo de 1935'],
      ['nl', 'NL', 'Geboortedatum van mijn zoon voor de zwemles: twaalf mei 2016', 'twaalf mei 2016'],
      ['fr', 'FR', 'née le vingt-trois mai 1980', 'vingt-trois mai 1980'],
      ['it', 'IT', 'nato il tre giugno 1979', 'tre giugno 1979'],
      ['pl', 'PL', 'urodziłem się dwunastego maja 1985', 'dwunastego maja 1985'],
      ['de', 'DE', 'meine mutter (geb 7. Juli 1938) soll in die tagespflege', '7. Juli 1938'],
      ['es', 'ES', 'la academia me pide la fecha nac 07/08/95', '07/08/95'],
      ['de', 'DE', 'Verstorbener Gerd Wolff, * 14.08.1944 † 02.01.2025', '14.08.1944'],
      ['fr', 'FR', 'Nom : Martin, DDN : 12/03/1985, adresse inchangée', '12/03/1985'],
      ['en', 'GB', 'my bday is 12.05.1990 btw', '12.05.1990'],
    ])('redacts a %s date of birth with its day in words, a keyword without its dot, or a death date after it', (lang, region, text, expected) => {
      expect(spansIn(text, lang, region)).toEqual([['DATE_OF_BIRTH', expected]]);
    });
    it.each([
      ['es', 'la entrega es el dos de marzo de 2025'],
      ['it', 'consegna il tre giugno 2025, grazie'],
    ])('keeps a %s date in words without a birth word', (lang, text) => {
      expect(typesIn(text, lang)).toEqual([]);
    });
    it("keeps a date after French's negation \"ne\"", () => {
      expect(typesIn("je ne le recevrai pas avant le 12/03/2024, c'est ne pas normal", 'fr')).toEqual([]);
    });
    it.each([
      ['it', 'IT', 'Ecco i miei dati: Daniele Ricci, 3 giugno 1979, CF RCCDNL79H03A944D', '3 giugno 1979'],
      ['pl', 'PL', 'Jan Kowalski, 15.03.1985, PESEL 85031512344', '15.03.1985'],
      ['fr', 'FR', 'Marc Dupont, 12/03/1985, NIR 1 85 03 75 123 456 41', '12/03/1985'],
    ])('redacts a %s date without a birth word when a national ID next to it encodes it', (lang, region, text, expected) => {
      expect(spansIn(text, lang, region).filter(([type]) => type === 'DATE_OF_BIRTH')).toEqual([['DATE_OF_BIRTH', expected]]);
    });
    it.each([
      ['it', 'IT', 'Fattura del 03/06/2024, CF RCCDNL79H03A944D'],
      ['pl', 'PL', 'Faktura z 15.03.2024, PESEL 85031512344'],
    ])('keeps a %s date that a national ID next to it does not encode', (lang, region, text) => {
      expect(typesIn(text, lang, region)).toEqual(['NATIONAL_ID']);
    });
    it('keeps a delivery date', () => {
      expect(typesIn('Lieferung am 12.03.2024, Termin 14.03.2024')).toEqual([]);
      expect(typesIn('Lieferung am 3.IV.2024, Termin 03-Apr-2024')).toEqual([]);
    });
    it.each([
      ['de', 'Lieferung 12.03.2024, mein Geburtstag ist am Freitag'],
      ['de', 'Geburtstag am 3. April 10 Uhr, Party bei uns'],
      ['en', 'birthday party on 3 May 12:30'],
    ])('keeps a %s date or time that only stands near a birthday', (lang, text) => {
      expect(typesIn(text, lang)).toEqual([]);
    });
    it.each([
      ['en', "my dog Biscuit's birthday is 02/06/2020, the voucher came in the wrong month"],
      ['fr', 'Mon chat est né le 05/05/2021, vous faites une réduc anniversaire ?'],
      ['de', 'Unsere Katze hat Geburtstag am 03.04.2019, gibt es einen Gutschein?'],
      ['es', 'Mi perro nació el 1 de marzo de 2020'],
      ['en', 'Our vet appointment for Biscuit (born 12 May 2020) is on 14 June at 10:20'],
      ['fr', 'Le vétérinaire a dit que Minou est né le 2 février 2018, faut-il passer aux croquettes senior ?'],
      ['de', 'Die Tierärztin meint, Bello ist am 03.04.2019 geboren'],
    ])('keeps a %s pet\'s birthday', (lang, text) => {
      expect(typesIn(text, lang)).toEqual([]);
    });
    it.each([
      ['de', 'Wie im Chat gesagt: geboren am 12.03.1985'],
      ['en', 'Born 3 March 1985. My cat is fine, thanks'],
      ['en', 'my vet bill and my date of birth 12.05.1980'],
    ])('still redacts a %s date of birth with "chat" or an animal elsewhere', (lang, text) => {
      expect(typesIn(text, lang)).toEqual(['DATE_OF_BIRTH']);
    });
  });

  describe('POSTAL_ADDRESS', () => {
    it.each([
      ['de', 'DE', 'Ich wohne in der Bergmannstr. 5, 3. Stock links, 10961 Berlin – Klingel defekt', 'Bergmannstr. 5, 3. Stock links, 10961 Berlin'],
      ['fr', 'FR', 'je suis au 12 rue des Lilas, bât. B, 3e étage, 69003 Lyon', '12 rue des Lilas, bât. B, 3e étage, 69003 Lyon'],
      ['es', 'ES', 'dirección nueva:\nAvda. de la Constitución 5, portal 2, 4ºB\n41004 Sevilla', 'Avda. de la Constitución 5, portal 2, 4ºB\n41004 Sevilla'],
      ['nl', 'BE', 'Hallo, mijn adres is Kerkstraat 45 bus 2, 2000 Antwerpen', 'Kerkstraat 45 bus 2, 2000 Antwerpen'],
      ['en', 'IE', "I'm moving to 12 Grange Park Drive, Raheny, Dublin 5, D05 X2F3 on the 1st", '12 Grange Park Drive, Raheny, Dublin 5, D05 X2F3'],
      ['pl', 'PL', 'mieszkam Marszałkowska 84/92 m. 117, 00-514 Warszawa', 'Marszałkowska 84/92 m. 117, 00-514 Warszawa'],
      ['fr', 'BE', 'Je suis au Chaussée de Waterloo 1120, 1180 Uccle, 1er étage', 'Chaussée de Waterloo 1120, 1180 Uccle'],
      ['de', 'DE', 'Lieferung an meine Arbeit: Werner-von-Siemens-Ring 20, 85630 Grasbrunn, Empfang EG', 'Werner-von-Siemens-Ring 20, 85630 Grasbrunn'],
      ['de', 'DE', 'ne Quatsch, privat, an Weidenring 41, 63069 Offenbach am Main', 'Weidenring 41, 63069 Offenbach am Main'],
      ['en', 'GB', 'Please deliver to my workplace: Unit 7, Brookfield Industrial Estate, Glossop SK13 6LQ', 'Unit 7, Brookfield Industrial Estate, Glossop SK13 6LQ'],
      ['en', 'IE', 'my address is Apartment 31, The Maltings, Bray, Co. Wicklow', 'Apartment 31, The Maltings, Bray, Co. Wicklow'],
      ['en', 'IE', 'Suite 5, Dublin 2, D02 X285', 'Suite 5, Dublin 2, D02 X285'],
      ['en', 'GB', 'new address is Rose Cottage, Mill Lane, Little Snoring, NR21 0AA', 'Rose Cottage, Mill Lane, Little Snoring, NR21 0AA'],
      ['en', 'GB', 'Address: 12 Heol y Nant, Caerphilly CF83 1AB', '12 Heol y Nant, Caerphilly CF83 1AB'],
      ['nl', 'NL', 'Mijn nieuwe adres is Van Woustraat 112-2hoog, 1073 LZ Amsterdam, graag', 'Van Woustraat 112-2hoog, 1073 LZ Amsterdam'],
      ['pl', 'PL', 'Proszę wysłać na ul. Długa 3 m. 8\n31-147 Kraków, dzięki', 'ul. Długa 3 m. 8\n31-147 Kraków'],
      ['en', 'GB', 'Please deliver to my work: Unit 4, Riverside Business Park, 9 Mill Lane, Leeds LS10 1QA', 'Unit 4, Riverside Business Park, 9 Mill Lane, Leeds LS10 1QA'],
      ['es', 'ES', "dirección de entrega Urbanización Los Pinos, Chalet 18\n03580 L'Alfàs del Pi (Alicante)", "Urbanización Los Pinos, Chalet 18\n03580 L'Alfàs del Pi"],
      ['pt', 'PT', 'Entregar na Quinta das Oliveiras, Lote 12\n8400-325 Lagoa, portão verde', 'Quinta das Oliveiras, Lote 12\n8400-325 Lagoa'],
      ['it', 'IT', 'Indirizzo per la spedizione:\nCasa Le Ginestre\nLoc. Poggio 14\n53024 Montalcino SI', 'Loc. Poggio 14\n53024 Montalcino'],
      ['en', 'GB', 'Hi! Postcode for the new address is M20 6RT, the rest is on the form', 'M20 6RT'],
      ['en', 'IE', 'Home address: Apt 12, The Maltings, Bow Street\nDublin 7, D07 KX25', 'Apt 12, The Maltings, Bow Street\nDublin 7, D07 KX25'],
      ['nl', 'BE', 'graag naar Meir 50, 2000 Antwerpen sturen', 'Meir 50, 2000 Antwerpen'],
      ['pl', 'PL', 'proszę wysłać: Nowy Świat 15, 00-029 Warszawa', 'Nowy Świat 15, 00-029 Warszawa'],
      ['pl', 'PL', 'mieszkam na ulicy Długiej 7', 'ulicy Długiej 7'],
      ['fr', 'FR', "j'habite 27 av. Jean Jaurès\nappt 14\n69007 Lyon", '27 av. Jean Jaurès\nappt 14\n69007 Lyon'],
      ['en', 'IE', "I'm moving to 3 Castle Rd\nKinsale\nCo. Cork\nP17 X299 on the 1st", '3 Castle Rd\nKinsale\nCo. Cork\nP17 X299'],
      ['it', 'IT', 'mandate il tecnico a Via Roma 7\nfrazione San Martino\n38068 Rovereto?', 'Via Roma 7\nfrazione San Martino\n38068 Rovereto'],
      ['es', 'ES', 'Envío a Rúa do Franco 31, 1º\n15702 Santiago de Compostela por favor', 'Rúa do Franco 31, 1º\n15702 Santiago de Compostela'],
      ['es', 'ES', 'Soy el inquilino del Passeig de Gràcia 74, 2º 1ª, 08008 Barcelona, la lavadora está rota', 'Passeig de Gràcia 74, 2º 1ª, 08008 Barcelona'],
      ['es', 'ES', 'vivo en Avinguda Diagonal 640, 3º 2ª, 08017 Barcelona', 'Avinguda Diagonal 640, 3º 2ª, 08017 Barcelona'],
      ['en', 'IE', 'Post to Main Street, Ballinamore, Co. Leitrim, N41 F6P2', 'Main Street, Ballinamore, Co. Leitrim, N41 F6P2'],
      ['en', 'IE', 'Post to 12 Main Street, Ballinamore, Co. Leitrim, N41 F6P2', '12 Main Street, Ballinamore, Co. Leitrim, N41 F6P2'],
      ['pl', 'PL', 'adres do faktury: Skrytka pocztowa 15, 00-950 Warszawa 1', 'Skrytka pocztowa 15, 00-950 Warszawa 1'],
      ['de', 'DE', 'bitte an Postfach 10 12 34, 80331 München schicken', 'Postfach 10 12 34, 80331 München'],
      ['fr', 'FR', 'écrivez-moi à BP 123, 75001 Paris', 'BP 123, 75001 Paris'],
      ['en', 'GB', 'PO Box 42, Hull HU1 2AA', 'PO Box 42, Hull HU1 2AA'],
      ['en', 'IE', "Her address is 4 Willow Park, Ballincollig, Cork P31 YX40, she needs her hearing aid collected", '4 Willow Park, Ballincollig, Cork P31 YX40'],
      ['en', 'MT', "we'd like a cleaning service for our flat at Triq il-Kbira 45, Flat 2, Mosta MST 1012", 'Triq il-Kbira 45, Flat 2, Mosta MST 1012'],
      ['fr', 'FR', 'adresse actuelle Résidence Les Tilleuls, bât. B, apt 23, 45 avenue Jean Jaurès, 92140 Clamart', 'Résidence Les Tilleuls, bât. B, apt 23, 45 avenue Jean Jaurès, 92140 Clamart'],
      ['es', 'ES', 'Entregar en Bloque 3, Escalera B, Calle Mayor 5, 28013 Madrid', 'Bloque 3, Escalera B, Calle Mayor 5, 28013 Madrid'],
      ['es', 'ES', 'vivo en Ctra. de Valencia 45, 46100 Burjassot', 'Ctra. de Valencia 45, 46100 Burjassot'],
      ['it', 'IT', 'spedire a V.le Monza 120, 20125 Milano', 'V.le Monza 120, 20125 Milano'],
      ['fr', 'FR', '5 Cours Mirabeau, 13100 Aix-en-Provence', '5 Cours Mirabeau, 13100 Aix-en-Provence'],
      ['en', 'GB', '14 Kings Wharf, London E1 2AB', '14 Kings Wharf, London E1 2AB'],
      ['de', 'DE', 'für meine Oma, Seniorenresidenz Lindenhof, Zimmer 214, Parkstraße 9, 33602 Bielefeld, danke', 'Seniorenresidenz Lindenhof, Zimmer 214, Parkstraße 9, 33602 Bielefeld'],
      ['en', 'IE', 'have the new one sent to Apartment 5, The Maltings, Bow Street, Dublin 7', 'Apartment 5, The Maltings, Bow Street, Dublin 7'],
      ['en', 'IE', 'supply at 22 Oakfield Park, Ballincollig, Co. Cork P31 E2W6', '22 Oakfield Park, Ballincollig, Co. Cork P31 E2W6'],
      ['en', 'GB', 'ALL DATA: NAME GARY HOLT, 221 STATION ROAD, WIGAN WN1 3JE, THANKS', '221 STATION ROAD, WIGAN WN1 3JE'],
      ['fr', 'FR', 'MON ADRESSE: 12 RUE DE LA PAIX, 75002 PARIS', '12 RUE DE LA PAIX, 75002 PARIS'],
    ])('redacts a %s address through its floor, flat or district to the postcode and city', (lang, region, text, expected) => {
      expect(spansIn(text, lang, region)).toEqual([['POSTAL_ADDRESS', expected]]);
    });
    it.each([
      ['es', 'ES', 'mi direccion es calle alfonso x el sabio 14 3 izq 30008 murcia', 'calle alfonso x el sabio 14 3 izq 30008 murcia'],
      ['de', 'DE', 'meine adresse ist berliner str 55 10713 berlin', 'berliner str 55 10713 berlin'],
      ['en', 'GB', 'address: 14 victoria road', '14 victoria road'],
      ['en', 'GB', 'Address: 14 victoria road', '14 victoria road'],
      ['de', 'DE', 'Bestellung 4711. Meine neue Adresse ist berliner str 55', 'berliner str 55'],
      ['fr', 'FR', 'mon adresse: 12 rue de la paix 75002 paris', '12 rue de la paix 75002 paris'],
      ['en', 'GB', 'my adress is 14 st marys rd, southampton so14 0bh sorry for the typos lol', '14 st marys rd, southampton so14 0bh'],
      ['en', 'GB', 'my address is 14 victoria road, leeds ls1 4ap', '14 victoria road, leeds ls1 4ap'],
    ])('redacts a %s address typed in lower case after an address word', (lang, region, text, expected) => {
      expect(spansIn(text, lang, region)).toEqual([['POSTAL_ADDRESS', expected]]);
    });
    it.each([
      ['en', 'my address is 12 days old'],
      ['fr', "j'ai 12 cours de piano par mois"],
      ['en', 'take Route 66 for 5 miles'],
      ['en', 'Order 3 Blue Shirts, ref AB12CD'],
      ['de', 'Hab 3 Stück bestellt, Artikel AB123, Lieferung Dublin nicht möglich'],
      ['en', 'CAN SOMEONE PLEASE CALL ME BACK I HAVE BEEN WAITING 3 WEEKS ORDER 12345'],
      ['de', 'Postfach 1234 reicht nicht'],
      ['en', 'the Main Street shop, order AB12345'],
      ['en', 'Main Street is closed, see order AB12345'],
    ])('keeps a %s post-office box or street without a postcode or county to close it', (lang, text) => {
      expect(typesIn(text, lang)).toEqual([]);
    });
    it.each(['meine Adresse ist die gleiche wie bei Bestellung 4711', 'my address is the same as order 12 way back', 'calle mayor 12 está cerrada'])(
      'keeps "%s": no street-type word, or no address word before it',
      (text) => {
        expect(typesIn(text).filter((t) => t === 'POSTAL_ADDRESS')).toEqual([]);
      },
    );
    it.each([
      ['de', 'DE', 'Durch die Gemeindereform hat sich meine PLZ geändert, jetzt 24939 Flensburg, Straße bleibt gleich', '24939 Flensburg'],
      ['fr', 'FR', 'code postal modifié : 69007 Lyon', '69007 Lyon'],
    ])('redacts a %s postcode and city a few words after a postcode word', (lang, region, text, expected) => {
      expect(spansIn(text, lang, region)).toEqual([['POSTAL_ADDRESS', expected]]);
    });
    it.each([
      ['de', 'DE', 'Anlage ausgefüllt:\nStraße/Nr.: Kirchgasse 19\nPLZ/Ort: 97070 Würzburg', '97070 Würzburg'],
      ['fr', 'FR', "Le code postal c'est le mien : 33160 (pour le calcul des frais de port)", '33160'],
      ['es', 'ES', 'Código postal el mío es el 29640, para calcular el envío', '29640'],
    ])('redacts a %s postcode from a form field, or one the writer calls theirs', (lang, region, text, expected) => {
      expect(spansIn(text, lang, region).filter(([type]) => type === 'POSTAL_ADDRESS').at(-1)).toEqual(['POSTAL_ADDRESS', expected]);
    });
    it('keeps a number a few words after a postcode word when no city follows it', () => {
      expect(typesIn('PLZ ist egal, Bestellung 12345 kam nicht').filter((t) => t === 'POSTAL_ADDRESS')).toEqual([]);
    });
    it('keeps two addresses apart when the first ends in its postcode and city', () => {
      expect(spansIn('Verhuizing van Prinsengracht 263-1, 1016 GV Amsterdam naar Oudegracht 118 bis\n3511 AX Utrecht, kan dat op 14 juni?', 'nl', 'NL')).toEqual([
        ['POSTAL_ADDRESS', 'Prinsengracht 263-1, 1016 GV Amsterdam'],
        ['POSTAL_ADDRESS', 'Oudegracht 118 bis\n3511 AX Utrecht'],
      ]);
    });
    it('does not join a street to a postcode after an empty line', () => {
      expect(spansIn('Lieferung an Hauptstraße 12\n\nUnser Lager: 10115 Berlin', 'de', 'DE')).toEqual([['POSTAL_ADDRESS', 'Hauptstraße 12']]);
    });
    it('does not join a street to a postcode a sentence later, nor swallow a phone number on the way', () => {
      expect(spansIn('The parcel went to 14 Mill Lane instead of mine at 41 Mill Lane, Bristol BS3 4DT!!', 'en', 'GB')).toEqual([
        ['POSTAL_ADDRESS', '14 Mill Lane'],
        ['POSTAL_ADDRESS', '41 Mill Lane, Bristol BS3 4DT'],
      ]);
      expect(spansIn('Hauptstraße 5, Tel. 0151 23456789, 10115 Berlin', 'de', 'DE')).toEqual([
        ['POSTAL_ADDRESS', 'Hauptstraße 5'],
        ['PHONE', '0151 23456789'],
      ]);
    });
    it.each([
      ['de', 'Hauptstraße 12a, 10115 Berlin', 'Hauptstraße 12a, 10115 Berlin'],
      ['fr', 'au 12 rue de la Paix, 75002 Paris svp', '12 rue de la Paix, 75002 Paris'],
      ['es', 'en Calle Mayor 5, 28013 Madrid', 'Calle Mayor 5, 28013 Madrid'],
      ['it', 'in via Roma 10, 00184 Roma', 'via Roma 10, 00184 Roma'],
      ['en', 'at 221B Baker Street, London NW1 6XE', '221B Baker Street, London NW1 6XE'],
      ['pl', 'ul. Długa 5/3, 00-950 Warszawa', 'ul. Długa 5/3, 00-950 Warszawa'],
      ['de', 'PLZ 10115', '10115'],
    ])('redacts a %s address', (lang, text, expected) => {
      expect(spansIn(text, lang)).toEqual([['POSTAL_ADDRESS', expected]]);
    });
    it.each([
      ['de', 'ich wohne Am Kirchberg 3, 97070 Würzburg und', 'Am Kirchberg 3, 97070 Würzburg'],
      ['de', 'An der Alster 12\n20099 Hamburg', 'An der Alster 12\n20099 Hamburg'],
      ['de', 'bitte an Am Graben 3, 1010 Wien', 'Am Graben 3, 1010 Wien'],
      ['en', 'Shipping address: 1458 Maple Ave, Apt 3B, Springfield, IL 62704', '1458 Maple Ave, Apt 3B, Springfield, IL 62704'],
      ['es', 'Dirección de envío:\nC/ Gran Vía 12, 2º izq.\n46002 Valencia', 'C/ Gran Vía 12, 2º izq.\n46002 Valencia'],
    ])('redacts a %s address in a form without a street-type word or with unit, floor and city lines', (lang, text, expected) => {
      expect(spansIn(text, lang)).toEqual([['POSTAL_ADDRESS', expected]]);
    });
    it.each([
      ['nl', 'address for the invoice is Keizersgracht 452-II, 1016 GD Amsterdam', 'Keizersgracht 452-II, 1016 GD Amsterdam'],
      ['en', 'Eircode D02 X285 is my address', 'D02 X285'],
      ['de', 'Meine PLZ ist 80331 München, liefert ihr?', '80331 München'],
    ])('redacts a %s house number with a floor suffix, an Eircode, or a postcode with its city', (lang, text, expected) => {
      expect(spansIn(text, lang)).toEqual([['POSTAL_ADDRESS', expected]]);
    });
    it.each([
      ['mijn postcode en huisnummer: 1016 GD 452-II', '1016 GD 452-II'],
      ['Bezorgen op 3511LN 12a graag', '3511LN 12a'],
    ])('redacts a Dutch postcode with its house number for a Dutch contact: "%s"', (text, expected) => {
      expect(spansIn(text, 'nl', 'NL')).toEqual([['POSTAL_ADDRESS', expected]]);
    });
    it('keeps four digits, two capitals and a number for a contact outside the Netherlands', () => {
      expect(typesIn('Lieferung 2024 KW 12 bitte', 'de', 'DE')).toEqual([]);
    });
    it.each([
      'PLZ 80331, liefert ihr da auch am Samstag?',
      'Kod pocztowy 31-042, dowozicie tam?',
      'Código postal 9500, só quero saber o prazo da entrega?',
      '¿El código postal 07800 tiene envío gratis?',
      'Spedite anche in Sardegna? CAP 09124 Cagliari. Quanto costa?',
      'Chönd ihr au is Tessin liefere? PLZ 6900 Lugano.',
      'Presupuesto aprox. 250-300 €? Código postal 46021, ¿llegáis?',
      'Pulizie ogni settimana 3 ore. Coprite anche il CAP 20121?',
      'Kod pocztowy 30-001, obsługujecie?',
      'Quanto custa? Fazem o código postal 4400?',
    ])(
      'keeps a postcode, with or without its city, in a question about delivery or the area served: "%s"',
      (text) => {
        expect(typesIn(text).filter((t) => t === 'POSTAL_ADDRESS')).toEqual([]);
      },
    );
    it.each(['Artikel 5, 10000 Stück bestellt', 'Version 2, 20245 Downloads', 'Am Montag 3, 12345 Punkte', 'Karton 3, 2000 Blatt', 'Seit Freitag 4, 80331 München ist zu', 'Am 3. Mai 2024 Berlin', 'Hering 3 Stück, Lindenhof 4 Pakete', 'No, thanks. Order no. 4, SKU AB12 3CD'])(
      'keeps "%s" free of addresses (no street word, or a day after "Am")',
      (text) => {
        expect(typesIn(text).filter((t) => t === 'POSTAL_ADDRESS')).toEqual([]);
      },
    );
    it('keeps a postcode without context and a place in a ranking', () => {
      expect(typesIn('Liefert ihr nach 10115? Wir sind auf Platz 2')).toEqual([]);
    });
    it.each([
      ['de', 'Meine neue Adresse: Am Lindenhof 5, 10115 Berlin', 'Am Lindenhof 5, 10115 Berlin'],
      ['de', 'ich wohne in Lindenhof 7 seit Mai', 'Lindenhof 7'],
      ['de', 'die Adresse ist 10115 Berlin', '10115 Berlin'],
      ['es', 'mi dirección: Urbanización Los Pinos 14', 'Urbanización Los Pinos 14'],
      ['it', 'indirizzo Corte dei Miracoli 3, 20121 Milano', 'Corte dei Miracoli 3, 20121 Milano'],
    ])('redacts a %s address without a street-type word after an address word', (lang, text, expected) => {
      expect(spansIn(text, lang)).toEqual([['POSTAL_ADDRESS', expected]]);
    });
    it.each([
      'Versand via DHL 5 Tage, via UPS 2 Tage',
      'die Adresse ist falsch, Bestellung 5 fehlt',
      'E-Mail-Adresse: anna@web.de',
    ])('keeps "%s" free of addresses', (text) => {
      expect(typesIn(text).filter((t) => t === 'POSTAL_ADDRESS')).toEqual([]);
    });
  });

  describe('NATIONAL_ID', () => {
    it.each([
      ['de', 'Steuer-ID 86095742719'],
      ['es', 'DNI 12345678Z'],
      ['es', 'NIE X1234567L'],
      ['it', 'CF RSSMRA85T10A562S'],
      ['fr', 'NIR 2 69 05 49 588 157 80'],
      ['en', 'NI AB 12 34 56 C'],
      ['pl', 'PESEL 44051401359'],
      ['nl', 'BSN 111222333'],
      ['es', 'portabilidad del número, titular NIE Z 7104563 Y'],
      ['de', 'Meine Steueridentifikationsnummer? Hab nur die österreichische SV-Nummer... in DE hatte ich 86 095 742 719'],
      ['de', 'Steuernummer für Österreich hab ich nicht, nur die deutsche: 86 095 742 719'],
    ])('redacts a valid %s id', (lang, text) => {
      expect(typesIn(text, lang)).toEqual(['NATIONAL_ID']);
    });
    it.each([
      ['de', 'Steuer-ID 86095742718'],
      ['es', 'DNI 12345678A'],
      ['it', 'CF RSSMRA85T10A562T'],
      ['fr', 'NIR 2 69 05 49 588 157 81'],
      ['en', 'NI QQ 12 34 56 C'],
      ['pl', 'PESEL 44051401358'],
      ['nl', 'BSN 111222334'],
      ['de', 'Bestellung 86095742719'],
    ])('keeps an invalid or unlabelled %s id', (lang, text) => {
      expect(typesIn(text, lang).filter((t) => t === 'NATIONAL_ID')).toEqual([]);
    });
  });

  describe('overlaps and actions', () => {
    it('reports an e-mail inside a URL as one URL', () => {
      expect(typesIn('https://example.com/invite/anna@web.de')).toEqual(['URL']);
    });
    it('keeps a type whose action is keep but still reports it', () => {
      const result = sanitizeText('Mail anna@web.de', { actions: { EMAIL: 'keep' } });
      expect(result.text).toBe('Mail anna@web.de');
      expect(result.findings).toHaveLength(1);
    });
    it('pseudonymizes with the injected function', () => {
      const result = sanitizeText('Mail anna@web.de', { actions: { EMAIL: 'pseudonymize' }, pseudonymize: (t, v) => `${t.length}-${v.length}` });
      expect(result.text).toBe('Mail [EMAIL:5-11]');
    });
    it('throws when pseudonymize is asked without a function', () => {
      expect(() => sanitizeText('x', { actions: { PHONE: 'pseudonymize' } })).toThrow(SanitizerConfigError);
    });
  });
});

describe('Function: sanitizeText without region or language', () => {
  const typesWithoutRegion = (text: string): PiiType[] => sanitizeText(text).findings.map((f) => f.type);

  it.each([
    'Ruf mich an unter 0151 23456789',
    'call me on 07911 123456',
    'appelle-moi au 06 12 34 56 78',
    'llámame al 612 345 678',
    'chiamami al 347 123 4567',
    'Handy: 0176 12345678',
  ])('redacts a national number near a phone word in "%s"', (text) => {
    expect(typesWithoutRegion(text)).toEqual(['PHONE']);
  });

  it.each([
    '06 12 34 56 78',
    'Lieferung 0151 23456789',
    'Bestellung 0151234567 ist da, bitte anrufen',
    'meine Bestellnummer ist 0151 23456789, ruf an',
    'Rechnung 0123456789',
  ])('keeps a national-format number without a phone word or with a label in "%s"', (text) => {
    expect(typesWithoutRegion(text)).toEqual([]);
  });

  it('derives the region from the language alone', () => {
    expect(sanitizeText('0151 23456789', { lang: 'de' }).text).toBe('[PHONE]');
  });
});

describe('Function: createSanitizer', () => {
  it('applies per-call region overrides', () => {
    // Prepare
    const sanitize = createSanitizer();
    // Act
    const withRegion = sanitize('06 12 34 56 78', { defaultRegion: 'FR' });
    const withoutRegion = sanitize('06 12 34 56 78');
    // Assess
    expect(withRegion.text).toBe('[PHONE]');
    expect(withoutRegion.text).toBe('06 12 34 56 78');
  });
});

describe('Function: createSanitizer (per-call language and region)', () => {
  it('gives each call the regions of its own language and region when they change from call to call', () => {
    // Prepare
    const sanitize = createSanitizer();
    const calls = [
      { text: 'Ruf mich an: 0151 23456789', lang: 'de', defaultRegion: 'DE' },
      { text: 'Appelez-moi au 06 12 34 56 78', lang: 'fr', defaultRegion: undefined },
      { text: 'Ruf mich an: 0151 23456789', lang: 'de', defaultRegion: 'DE' },
      { text: 'Ruf mich an: 0151 23456789', lang: 'fr', defaultRegion: undefined },
      { text: 'Appelez-moi au 06 12 34 56 78', lang: 'fr', defaultRegion: undefined },
    ];
    for (const { text, lang, defaultRegion } of calls) {
      // Act
      const result = sanitize(text, { lang, defaultRegion });
      // Assess
      expect(result).toEqual(sanitizeText(text, { lang, defaultRegion }));
    }
  });
});
