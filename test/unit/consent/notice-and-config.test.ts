import { describe, expect, it } from 'vitest';
import { loadBridgeConfig, parseBridgeConfig } from '../../../shared/config/bridge-config.js';
import { consentRequestMessage } from '../../../shared/domain/consent/bridge-messages.js';
import { languageForContact } from '../../../shared/domain/consent/contact-language.js';
import { renderNotice } from '../../../shared/domain/consent/notice.js';
import { sha256Hex } from '../../../shared/domain/crypto.js';
import { ConfigurationError } from '../../../shared/errors.js';
import { writeBridgeConfigFile } from '../../support/bridge-config-file.js';

const config = parseBridgeConfig({
  controller: { name: 'Muster GmbH', address: 'Hauptstraße 1, 10115 Berlin', contact: 'datenschutz@muster.example' },
  dpo: { contact: 'dsb@muster.example' },
  privacyNoticeUrl: 'https://muster.example/datenschutz',
  recipients: { crm: { name: 'Acme CRM' } },
});

describe('Function: languageForContact', () => {
  it('picks the notice language by calling code', () => {
    expect(languageForContact('4915112345678', config)).toBe('de');
    expect(languageForContact('436641234567', config)).toBe('de');
  });

  it('falls back to the default language without a notice for the country, or without a number', () => {
    expect(languageForContact('33612345678', config)).toBe('en'); // French: no French notice configured
    expect(languageForContact(undefined, config)).toBe('en');
    expect(languageForContact('999', config)).toBe('en');
  });

  it('honours languageByCountry overrides', () => {
    const swiss = parseBridgeConfig({ consent: { languageByCountry: { DE: 'en' } } });
    expect(languageForContact('4915112345678', swiss)).toBe('en');
  });
});

describe('Function: renderNotice', () => {
  it('states every Art. 13 element from the configuration', () => {
    // Act
    const notice = renderNotice('en', config);

    // Assess
    for (const expected of [
      'Muster GmbH', 'Hauptstraße 1, 10115 Berlin', 'datenschutz@muster.example', 'dsb@muster.example', // 13(1)(a)(b)
      'answering your enquiries', 'your consent (Art. 6(1)(a) GDPR)', // 13(1)(c)
      'Meta', 'Amazon Web Services', 'Acme CRM', // 13(1)(e)
      'Data Privacy Framework', 'Standard Contractual Clauses', // 13(1)(f)
      '7 days', '365 days', '1095 days', // 13(2)(a)
      'erasure', 'complaint to a supervisory authority', 'at any time', // 13(2)(b)(c)(d)
      'STOP', 'DELETE MY DATA', 'https://muster.example/datenschutz',
    ]) {
      expect(notice.text).toContain(expected);
    }
    expect(notice.text).not.toMatch(/\{\w+\}/);
    expect(notice.sha256).toBe(sha256Hex(notice.text));
    expect(notice.version).toBe('en-1');
  });

  it('renders German with German withdrawal keywords', () => {
    const notice = renderNotice('de', config);
    expect(notice.text).toContain('Einwilligung');
    expect(notice.text).toContain('STOPP');
    expect(notice.language).toBe('de');
  });

  it('states the legitimate interest when that is the basis', () => {
    const legitimate = parseBridgeConfig({ purposes: { customerService: { basis: 'legitimate_interest', legitimateInterest: 'Answering customers who write to us.' } } });
    expect(renderNotice('en', legitimate).text).toContain('our legitimate interest (Art. 6(1)(f) GDPR). Answering customers who write to us.');
  });
});

describe('Function: consentRequestMessage', () => {
  it('asks with two reply buttons whose titles fit 20 characters', () => {
    const message = consentRequestMessage('de', config, { contactId: 'c', sourceEventId: 'wamid.1', requestedAt: '2026-11-29T10:00:00.000Z' });
    expect(message).toMatchObject({ origin: 'bridge', purpose: 'consent_request', content: { type: 'interactive' } });
    const buttons = (message.content as unknown as { interactive: { action: { buttons: { reply: { id: string; title: string } }[] } } }).interactive.action.buttons;
    expect(buttons.map((button) => button.reply.id)).toEqual(['consent:grant', 'consent:decline']);
    for (const button of buttons) expect(button.reply.title.length).toBeLessThanOrEqual(20);
  });
});

describe('Function: parseBridgeConfig (consent sections)', () => {
  const problem = (input: unknown) => {
    try {
      parseBridgeConfig(input);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      return (error as Error).message;
    }
    throw new Error('expected a ConfigurationError');
  };

  it('has working defaults and keeps the existing fields', () => {
    const defaults = parseBridgeConfig({});
    expect(defaults.purposes.customerService.basis).toBe('consent');
    expect(defaults.retention.eventMarkerSeconds).toBe(14 * 86_400);
    expect(defaults.retention.heldMessageSeconds).toBe(7 * 86_400);
    expect(Object.keys(defaults.consent.notices)).toEqual(['en', 'de']);
  });

  it('adds a configured language to the built-in notices and keywords instead of replacing them', () => {
    // Prepare
    const french = { ...parseBridgeConfig({}).consent.notices.en!, version: 'fr-1', text: 'Avis de confidentialité : {controllerName}. {privacyNoticeUrl}' };

    // Act
    const configured = parseBridgeConfig({ consent: { notices: { fr: french } }, keywords: { en: { withdraw: ['HALT'] } } });

    // Assess
    expect(Object.keys(configured.consent.notices).sort()).toEqual(['de', 'en', 'fr']);
    expect(languageForContact('33612345678', configured)).toBe('fr');
    expect(configured.keywords.en?.withdraw).toEqual(['HALT']);
    expect(configured.keywords.de?.withdraw).toContain('STOPP');
  });

  it('names a button title longer than 20 characters', () => {
    const notices = structuredClone(parseBridgeConfig({}).consent.notices);
    (notices.en as { consentRequest: { grantButton: string } }).consentRequest.grantButton = 'Yes, I agree to all of this';
    expect(problem({ consent: { notices } })).toMatch(/consent\.notices\.en\.consentRequest\.grantButton: Too big/);
  });

  it('names an unknown placeholder in a notice', () => {
    const notices = structuredClone(parseBridgeConfig({}).consent.notices);
    (notices.de as { text: string }).text = 'Hallo {kontrolleur}';
    expect(problem({ consent: { notices } })).toContain('consent.notices.de.text: unknown placeholder(s) {kontrolleur}');
  });

  it('names a default language without a notice', () => {
    expect(problem({ consent: { defaultLanguage: 'fr' } })).toContain('consent.defaultLanguage: no notice configured for "fr"');
  });

  it('requires the legitimate interest to be stated when it is the basis', () => {
    expect(problem({ purposes: { customerService: { basis: 'legitimate_interest' } } })).toContain('purposes.customerService.legitimateInterest');
  });

  it('names a bad lawful basis, retention and URL', () => {
    const message = problem({ purposes: { customerService: { basis: 'vibes' } }, retention: { consentProofSeconds: -1 }, privacyNoticeUrl: 'not a url' });
    expect(message).toContain('purposes.customerService.basis');
    expect(message).toContain('retention.consentProofSeconds');
    expect(message).toContain('privacyNoticeUrl');
  });

  it('names the file when BRIDGE_CONFIG is not JSON', () => {
    const path = writeBridgeConfigFile('{"controller": ');
    expect(() => loadBridgeConfig({ BRIDGE_CONFIG: path })).toThrow(`BRIDGE_CONFIG file ${path} is not valid JSON`);
  });

  it('accepts the documented example configuration', () => {
    const example = loadBridgeConfig({ BRIDGE_CONFIG: 'config/bridge-config.example.json' });
    expect(example.controller.name).not.toContain('set controller.name');
  });
});
