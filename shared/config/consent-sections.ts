import * as z from 'zod';

/*
 * Configuration sections owned by consent and data-subject rights: who the controller is, what the
 * contact is told (Art. 13), which words withdraw or grant consent or ask for erasure, and where
 * data goes. Assembled into BridgeConfigSchema in bridge-config.ts. Every default is usable
 * locally; a deployment sets at least `controller`, `dpo` and `privacyNoticeUrl`.
 */

/** The controller (Art. 4(7)): named in the notice and in the record of processing. */
export const ControllerSchema = z
  .object({
    name: z.string().min(1).default('Example Company Ltd (set controller.name)'),
    address: z.string().min(1).default('Example Street 1, 10115 Berlin, Germany (set controller.address)'),
    /** How data subjects reach the controller, e.g. `privacy@example.com`. */
    contact: z.string().min(1).default('privacy@example.com (set controller.contact)'),
  })
  .prefault({});

/** The data protection officer (Art. 37-39), if one is designated. */
export const DpoSchema = z
  .object({
    name: z.string().min(1).optional(),
    contact: z.string().min(1).default('dpo@example.com (set dpo.contact)'),
  })
  .prefault({});

/** A third-country transfer (Art. 44-49) named in the notice and the record of processing. */
export const TransferSchema = z.object({
  recipient: z.string().min(1),
  country: z.string().min(2),
  /** The Chapter V safeguard, e.g. an adequacy decision or Standard Contractual Clauses. */
  safeguard: z.string().min(1),
});

/** Recipients (Art. 13(1)(e)) and transfers (Art. 13(1)(f)). Meta and AWS are always recipients. */
export const RecipientsSchema = z
  .object({
    /** The CRM that receives the conversation (a processor or a further controller). */
    crm: z
      .object({
        name: z.string().min(1).default('the CRM of the controller (set recipients.crm.name)'),
        country: z.string().min(2).default('EU'),
      })
      .prefault({}),
    /** AWS region the bridge runs in (data at rest stays there). */
    awsRegion: z.string().regex(/^eu-[a-z]+-\d$/, 'must be an EU region such as eu-central-1').default('eu-central-1'),
    transfers: z
      .array(TransferSchema)
      .default([
        {
          recipient: 'Meta Platforms, Inc. (WhatsApp Cloud API, sub-processor of Meta Platforms Ireland Ltd)',
          country: 'US',
          safeguard: 'EU-U.S. Data Privacy Framework adequacy decision and Standard Contractual Clauses (Meta data processing terms)',
        },
      ]),
  })
  .prefault({});

/** Labels a notice uses for the lawful bases (Art. 6(1)). */
const BasisLabelsSchema = z.object({
  consent: z.string().min(1),
  contract: z.string().min(1),
  legitimate_interest: z.string().min(1),
});

/**
 * One language's texts. `text` is the Art. 13 notice, sent as a text message; its placeholders
 * (`{controllerName}` ...) are filled from this configuration (see notice.ts for the list). The
 * SHA-256 of the rendered text goes into every consent receipt, so change `version` whenever
 * `text` changes.
 */
export const NoticeSchema = z.object({
  version: z.string().min(1),
  text: z.string().min(1),
  basisLabels: BasisLabelsSchema,
  /** The consent request: an interactive message with two reply buttons (titles at most 20 characters). */
  consentRequest: z.object({
    body: z.string().min(1).max(1024),
    grantButton: z.string().min(1).max(20),
    declineButton: z.string().min(1).max(20),
  }),
  /** Sent after each decision; `granted` carries a withdraw button. */
  confirmations: z.object({
    granted: z.string().min(1).max(1024),
    withdrawButton: z.string().min(1).max(20),
    declined: z.string().min(1).max(4096),
    withdrawn: z.string().min(1).max(4096),
    erasure: z.string().min(1).max(4096),
  }),
});

export type Notice = z.infer<typeof NoticeSchema>;

const EN_NOTICE: Notice = {
  version: 'en-1',
  basisLabels: {
    consent: 'your consent (Art. 6(1)(a) GDPR)',
    contract: 'performance of a contract with you (Art. 6(1)(b) GDPR)',
    legitimate_interest: 'our legitimate interest (Art. 6(1)(f) GDPR)',
  },
  text: [
    'Privacy notice (Art. 13 GDPR)',
    'Controller: {controllerName}, {controllerAddress}. Contact: {controllerContact}. Data protection officer: {dpoContact}.',
    'Purpose: answering your enquiries (customer service). Lawful basis: {customerServiceBasis}.{legitimateInterest}',
    'Data: your WhatsApp number, your messages and the time you sent them.',
    'Recipients: Meta (WhatsApp Cloud API, as our processor), Amazon Web Services (hosting in {awsRegion}), and {crmName}. Only a pseudonym of your number is passed to {crmName}.',
    'Transfers outside the EU: {transfers}.',
    'Retention: messages waiting for your consent {heldDays} days; conversation data {conversationDays} days after your last message; proof of consent {proofDays} days.',
    'Your rights: access, rectification, erasure, restriction, portability, objection, and complaint to a supervisory authority. Withdrawing consent is possible at any time and does not affect earlier processing.',
    'To withdraw, send {withdrawKeyword}. To have your data deleted, send {erasureKeyword}.',
    'Full notice: {privacyNoticeUrl}',
  ].join('\n'),
  consentRequest: {
    body: 'May we process your messages to answer your enquiry, as described above? Until you agree, your message is held and not passed on.',
    grantButton: 'I agree',
    declineButton: 'No, thanks',
  },
  confirmations: {
    granted: 'Thank you: your consent is recorded. You can withdraw it at any time with the button below or by sending STOP.',
    withdrawButton: 'Withdraw consent',
    declined: 'Understood: we will not process your messages and your held message was deleted. Send START if you change your mind.',
    withdrawn: 'Your consent is withdrawn: we will not process your further messages. Send START to consent again.',
    erasure: 'Your request is confirmed: we are deleting the data we hold about you.',
  },
};

const DE_NOTICE: Notice = {
  version: 'de-1',
  basisLabels: {
    consent: 'Ihre Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)',
    contract: 'Erfüllung eines Vertrags mit Ihnen (Art. 6 Abs. 1 lit. b DSGVO)',
    legitimate_interest: 'unser berechtigtes Interesse (Art. 6 Abs. 1 lit. f DSGVO)',
  },
  text: [
    'Datenschutzhinweis (Art. 13 DSGVO)',
    'Verantwortlicher: {controllerName}, {controllerAddress}. Kontakt: {controllerContact}. Datenschutzbeauftragte(r): {dpoContact}.',
    'Zweck: Beantwortung Ihrer Anfragen (Kundenservice). Rechtsgrundlage: {customerServiceBasis}.{legitimateInterest}',
    'Daten: Ihre WhatsApp-Nummer, Ihre Nachrichten und deren Zeitpunkt.',
    'Empfänger: Meta (WhatsApp Cloud API, als unser Auftragsverarbeiter), Amazon Web Services (Hosting in {awsRegion}) und {crmName}. An {crmName} geht nur ein Pseudonym Ihrer Nummer.',
    'Übermittlung außerhalb der EU: {transfers}.',
    'Speicherdauer: Nachrichten, die auf Ihre Einwilligung warten, {heldDays} Tage; Gesprächsdaten {conversationDays} Tage nach Ihrer letzten Nachricht; Nachweis der Einwilligung {proofDays} Tage.',
    'Ihre Rechte: Auskunft, Berichtigung, Löschung, Einschränkung, Datenübertragbarkeit, Widerspruch und Beschwerde bei einer Aufsichtsbehörde. Sie können Ihre Einwilligung jederzeit widerrufen; die bisherige Verarbeitung bleibt rechtmäßig.',
    'Zum Widerruf senden Sie {withdrawKeyword}. Um Ihre Daten löschen zu lassen, senden Sie {erasureKeyword}.',
    'Vollständiger Hinweis: {privacyNoticeUrl}',
  ].join('\n'),
  consentRequest: {
    body: 'Dürfen wir Ihre Nachrichten wie oben beschrieben verarbeiten, um Ihre Anfrage zu beantworten? Bis zu Ihrer Zustimmung wird Ihre Nachricht zurückgehalten.',
    grantButton: 'Ich stimme zu',
    declineButton: 'Nein, danke',
  },
  confirmations: {
    granted: 'Danke: Ihre Einwilligung ist gespeichert. Sie können sie jederzeit mit dem Knopf unten oder mit STOPP widerrufen.',
    withdrawButton: 'Widerrufen',
    declined: 'Verstanden: Wir verarbeiten Ihre Nachrichten nicht; Ihre zurückgehaltene Nachricht wurde gelöscht. Senden Sie START, falls Sie es sich anders überlegen.',
    withdrawn: 'Ihre Einwilligung ist widerrufen: Wir verarbeiten Ihre weiteren Nachrichten nicht. Senden Sie START, um erneut einzuwilligen.',
    erasure: 'Ihr Antrag ist bestätigt: Wir löschen die Daten, die wir über Sie gespeichert haben.',
  },
};

/** Two-letter language code (ISO 639-1), lower case. */
const LanguageCodeSchema = z.string().regex(/^[a-z]{2}$/, 'expected a two-letter language code such as "de"');

/** Consent flow: languages, notices and the button ids of the consent request. */
export const ConsentSectionSchema = z
  .object({
    /** Language used when the contact's calling code maps to no configured notice. */
    defaultLanguage: LanguageCodeSchema.default('en'),
    /**
     * Overrides of the built-in country-to-language map (ISO 3166-1 alpha-2 to ISO 639-1), e.g.
     * `{"BE": "nl", "CH": "fr"}`.
     */
    languageByCountry: z.record(z.string().regex(/^[A-Z]{2}$/, 'expected a country code such as "BE"'), LanguageCodeSchema).default({}),
    /** Merged over the built-in English and German notices: configure a language to add or replace it. */
    notices: z
      .record(LanguageCodeSchema, NoticeSchema)
      .default({})
      .transform((configured): Record<string, Notice> => ({ en: EN_NOTICE, de: DE_NOTICE, ...configured })),
  })
  .prefault({});

/** Whole-message keywords of one language; matched case- and accent-insensitively. */
export const LanguageKeywordsSchema = z.object({
  withdraw: z.array(z.string().min(1)).default([]),
  grant: z.array(z.string().min(1)).default([]),
  erasure: z.array(z.string().min(1)).default([]),
});

/** The built-in keywords (the words WhatsApp users commonly send), per language. */
const DEFAULT_KEYWORDS: Record<string, z.infer<typeof LanguageKeywordsSchema>> = {
  en: { withdraw: ['STOP', 'UNSUBSCRIBE', 'OPT OUT', 'CANCEL'], grant: ['START', 'I AGREE'], erasure: ['DELETE MY DATA', 'ERASE MY DATA'] },
  de: { withdraw: ['STOPP', 'ABMELDEN', 'ABBESTELLEN', 'WIDERRUF'], grant: ['START', 'ZUSTIMMEN', 'ICH STIMME ZU'], erasure: ['DATEN LÖSCHEN', 'MEINE DATEN LÖSCHEN'] },
  fr: { withdraw: ['ARRÊT', 'ARRET', 'DÉSABONNER'], grant: ["J'ACCEPTE"], erasure: ['SUPPRIMER MES DONNÉES'] },
  es: { withdraw: ['BAJA', 'PARAR'], grant: ['ACEPTO'], erasure: ['BORRAR MIS DATOS'] },
  it: { withdraw: ['ANNULLA', 'DISISCRIVIMI'], grant: ['ACCETTO'], erasure: ['CANCELLA I MIEI DATI'] },
  nl: { withdraw: ['AFMELDEN', 'UITSCHRIJVEN'], grant: ['AKKOORD'], erasure: ['VERWIJDER MIJN GEGEVENS'] },
  pt: { withdraw: ['PARAR', 'SAIR'], grant: ['ACEITO'], erasure: ['APAGAR MEUS DADOS'] },
  pl: { withdraw: ['WYPISZ'], grant: ['ZGADZAM SIĘ'], erasure: ['USUŃ MOJE DANE'] },
  sv: { withdraw: ['STOPPA', 'AVSLUTA'], grant: ['JAG GODKÄNNER'], erasure: ['RADERA MINA UPPGIFTER'] },
  da: { withdraw: ['AFMELD'], grant: ['JEG ACCEPTERER'], erasure: ['SLET MINE DATA'] },
  fi: { withdraw: ['LOPETA'], grant: ['HYVÄKSYN'], erasure: ['POISTA TIETONI'] },
};

/**
 * Keywords per language, merged over the built-in ones: configure a language to replace its list
 * (empty arrays switch a language off). All languages apply to every contact (a German speaker
 * may type STOP): a message consisting only of a keyword (case, accents, spacing and trailing
 * punctuation aside) triggers the action.
 */
export const KeywordsSectionSchema = z
  .record(LanguageCodeSchema, LanguageKeywordsSchema)
  .default({})
  .transform((configured): Record<string, z.infer<typeof LanguageKeywordsSchema>> => ({ ...DEFAULT_KEYWORDS, ...configured }));

export type ConsentSection = z.infer<typeof ConsentSectionSchema>;
export type KeywordsSection = z.infer<typeof KeywordsSectionSchema>;
