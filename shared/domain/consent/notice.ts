import type { BridgeConfig } from '../../config/bridge-config.js';
import type { Notice } from '../../config/consent-sections.js';
import { sha256Hex } from '../crypto.js';

/*
 * The Art. 13 notice and the consent texts, in the contact's language. The notice is a template
 * over the configuration; what the contact saw is identified by the notice's version and the
 * SHA-256 of the exact rendered text, both recorded in every consent receipt (Art. 7(1)).
 */

/** The longest text message the Graph API accepts. */
const MAX_TEXT_LENGTH = 4096;

/** Placeholders a notice text may use, filled from the configuration. */
export const NOTICE_PLACEHOLDERS = [
  'controllerName',
  'controllerAddress',
  'controllerContact',
  'dpoContact',
  'customerServiceBasis',
  'legitimateInterest',
  'awsRegion',
  'crmName',
  'transfers',
  'heldDays',
  'conversationDays',
  'proofDays',
  'withdrawKeyword',
  'erasureKeyword',
  'privacyNoticeUrl',
] as const;

/** A notice as shown to one contact. */
export interface RenderedNotice {
  readonly language: string;
  readonly version: string;
  readonly text: string;
  /** Hex SHA-256 of `text`: the proof of which words the contact saw. */
  readonly sha256: string;
}

/** The configured texts of a language, falling back to the default language. */
export function noticeFor(language: string, config: Pick<BridgeConfig, 'consent'>): Notice & { language: string } {
  const notice = config.consent.notices[language];
  if (notice) return { ...notice, language };
  const fallback = config.consent.notices[config.consent.defaultLanguage] as Notice;
  return { ...fallback, language: config.consent.defaultLanguage };
}

/** Renders the Art. 13 notice of a language from the configuration. */
export function renderNotice(language: string, config: BridgeConfig): RenderedNotice {
  const notice = noticeFor(language, config);
  const text = fillPlaceholders(notice.text, placeholderValues(notice, config, notice.language)).text;
  return { language: notice.language, version: notice.version, text, sha256: sha256Hex(text) };
}

/**
 * Checks every configured notice: known placeholders only, rendered text within WhatsApp's
 * limit, a notice for the default language. Returns problems as `path: message`.
 */
export function checkNotices(config: BridgeConfig): string[] {
  const problems: string[] = [];
  if (!config.consent.notices[config.consent.defaultLanguage]) {
    problems.push(`consent.defaultLanguage: no notice configured for "${config.consent.defaultLanguage}" in consent.notices`);
  }
  for (const [language, notice] of Object.entries(config.consent.notices)) {
    const { text, unknown } = fillPlaceholders(notice.text, placeholderValues(notice, config, language));
    if (unknown.length > 0) problems.push(`consent.notices.${language}.text: unknown placeholder(s) ${unknown.map((name) => `{${name}}`).join(', ')}`);
    if (text.length > MAX_TEXT_LENGTH) problems.push(`consent.notices.${language}.text: renders to ${text.length} characters, more than ${MAX_TEXT_LENGTH}`);
  }
  return problems;
}

function placeholderValues(notice: Notice, config: BridgeConfig, language: string): Record<(typeof NOTICE_PLACEHOLDERS)[number], string> {
  const days = (seconds: number) => String(Math.round(seconds / 86_400));
  const keywords = config.keywords[language] ?? config.keywords[config.consent.defaultLanguage];
  const anyKeyword = (kind: 'withdraw' | 'erasure') =>
    keywords?.[kind][0] ?? Object.values(config.keywords).find((entry) => entry[kind].length > 0)?.[kind][0] ?? '-';
  const purpose = config.purposes.customerService;
  return {
    controllerName: config.controller.name,
    controllerAddress: config.controller.address,
    controllerContact: config.controller.contact,
    dpoContact: config.dpo.name ? `${config.dpo.name}, ${config.dpo.contact}` : config.dpo.contact,
    customerServiceBasis: notice.basisLabels[purpose.basis],
    legitimateInterest: purpose.basis === 'legitimate_interest' && purpose.legitimateInterest ? ` ${purpose.legitimateInterest}` : '',
    awsRegion: config.recipients.awsRegion,
    crmName: config.recipients.crm.name,
    transfers: config.recipients.transfers.map((transfer) => `${transfer.recipient} (${transfer.country}): ${transfer.safeguard}`).join('; ') || '-',
    heldDays: days(config.retention.heldMessageSeconds),
    conversationDays: days(config.retention.conversationDataSeconds),
    proofDays: days(config.retention.consentProofSeconds),
    withdrawKeyword: anyKeyword('withdraw'),
    erasureKeyword: anyKeyword('erasure'),
    privacyNoticeUrl: config.privacyNoticeUrl,
  };
}

function fillPlaceholders(template: string, values: Record<string, string>): { text: string; unknown: string[] } {
  const unknown: string[] = [];
  const text = template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) {
      unknown.push(name);
      return whole;
    }
    return value;
  });
  return { text, unknown };
}
