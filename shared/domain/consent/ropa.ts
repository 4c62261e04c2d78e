import type { BridgeConfig, LawfulBasis } from '../../config/bridge-config.js';

/*
 * The record of processing activities (Art. 30(1) GDPR) for the bridge, generated from the same
 * configuration the bridge runs with, so the record cannot drift from the deployment.
 */

const BASIS_TEXT: Readonly<Record<LawfulBasis, string>> = {
  consent: 'consent, Art. 6(1)(a) GDPR, withdrawable at any time (Art. 7(3))',
  contract: 'performance of a contract, Art. 6(1)(b) GDPR',
  legitimate_interest: 'legitimate interests, Art. 6(1)(f) GDPR',
};

function days(seconds: number): string {
  const value = seconds / 86_400;
  return `${Number.isInteger(value) ? value : value.toFixed(2)} days`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

/**
 * Renders the Art. 30 record as Markdown: controller, DPO, purposes and bases, categories of
 * data subjects and data, recipients, third-country transfers, retention, and the technical and
 * organisational measures the bridge implements.
 *
 * @example
 * process.stdout.write(renderRecordOfProcessing(loadBridgeConfig(process.env)));
 */
export function renderRecordOfProcessing(config: BridgeConfig, generatedAt = new Date()): string {
  const customerService = config.purposes.customerService;
  const forwarded = [
    'message content',
    'pseudonymous contact id',
    ...(config.crm.forwardProfileName ? ['WhatsApp profile name'] : []),
    ...(config.crm.forwardPhoneNumber ? ['phone number (consenting contacts only)'] : []),
  ].join(', ');
  const sections = [
    '# Record of processing activities (Art. 30(1) GDPR)',
    `Processing activity: **WhatsApp customer conversations bridged to the CRM (wa-crm-bridge)**. Generated ${generatedAt.toISOString()} from the running configuration.`,
    '## Controller and data protection officer',
    table(['role', 'name', 'address / contact'], [
      ['Controller (Art. 30(1)(a))', config.controller.name, `${config.controller.address}; ${config.controller.contact}`],
      ['Data protection officer', config.dpo.name ?? '-', config.dpo.contact],
    ]),
    `Privacy notice: ${config.privacyNoticeUrl}`,
    '## Purposes and lawful bases (Art. 30(1)(b))',
    table(['purpose', 'lawful basis', 'notes'], [
      [
        'Customer service: receiving and answering the contact\u2019s WhatsApp messages in the CRM',
        BASIS_TEXT[customerService.basis],
        customerService.basis === 'legitimate_interest'
          ? `Interest: ${customerService.legitimateInterest ?? '-'}. Art. 13 notice on first contact; objection by keyword`
          : customerService.basis === 'consent'
            ? 'Art. 13 notice and consent request on first contact; messages held until granted; withdrawal by keyword or button'
            : 'Art. 13 notice on first contact; objection by keyword',
      ],
      ['Marketing messages (templates)', BASIS_TEXT[config.purposes.marketing.basis], 'WhatsApp marketing opt-out (user_preferences) honoured'],
      ['Proof of consent and of erasure', 'legal obligation, Art. 6(1)(c) with Art. 7(1) and Art. 5(2) GDPR', 'consent receipts, erasure tombstone'],
    ]),
    '## Categories of data subjects and personal data (Art. 30(1)(c))',
    'Data subjects: customers and prospects who write to the controller\u2019s WhatsApp Business number.',
    table(['category of data', 'examples', 'where'], [
      ['Identifier', 'WhatsApp id (phone number), business-scoped user id', 'contact profile (to reply); replaced by a pseudonym towards the CRM'],
      ['Profile data', 'WhatsApp profile name', config.crm.forwardProfileName ? 'queues in transit; forwarded to the CRM' : 'queues in transit only; not forwarded'],
      ['Message content', 'texts, button replies, media references', 'queues in transit; held messages until consent; the CRM'],
      ['Metadata', 'message ids, timestamps, delivery statuses, 24-hour window', 'contact profile, queues'],
      ['Identifier links', 'the pseudonyms of one person before and after a WhatsApp number change', 'link items in both contacts\u2019 data (access and erasure reach both)'],
      ['Consent records', 'state, notice version and SHA-256, evidence message id, timestamps', 'consent receipts'],
      ['Preferences', 'marketing opt-out', 'contact profile'],
    ]),
    '## Recipients (Art. 30(1)(d))',
    table(['recipient', 'role', 'data received'], [
      ['Meta Platforms Ireland Ltd (WhatsApp Business Platform, Cloud API)', 'processor for the Cloud API', 'all messages exchanged, phone number'],
      [`Amazon Web Services EMEA SARL (${config.recipients.awsRegion})`, 'processor (hosting: Lambda, SQS, DynamoDB, KMS, CloudWatch)', 'everything the bridge stores or queues'],
      [config.recipients.crm.name, `recipient of CRM events (${config.recipients.crm.country})`, forwarded],
    ]),
    '## Transfers to third countries (Art. 30(1)(e))',
    config.recipients.transfers.length === 0
      ? 'None configured.'
      : table(['recipient', 'country', 'safeguard (Chapter V)'], config.recipients.transfers.map((transfer) => [transfer.recipient, transfer.country, transfer.safeguard])),
    '## Retention (Art. 30(1)(f), Art. 5(1)(e))',
    table(['data', 'erased after', 'mechanism'], [
      ['Messages held until consent', days(config.retention.heldMessageSeconds), 'TTL; discarded on decline; deleted once released'],
      ['Contact profile (conversation data)', `${days(config.retention.conversationDataSeconds)} after the last activity`, 'TTL refreshed by each message'],
      ['Consent receipts and erasure tombstones', days(config.retention.consentProofSeconds), 'TTL'],
      ['Links between a contact\u2019s ids after a number change', days(Math.max(config.retention.consentProofSeconds, config.retention.conversationDataSeconds)), 'TTL; erased with either contact'],
      ['Processed-event markers (event ids only)', days(config.retention.eventMarkerSeconds), 'TTL'],
      ['Queued messages in transit', 'at most 14 days', 'SQS retention'],
      ['Everything of a contact on request (Art. 17)', 'immediately', 'privacy API or erasure keyword; contact.erased pushed to the CRM'],
    ]),
    '## Technical and organisational measures (Art. 30(1)(g), Art. 32)',
    [
      '- Data protection by default (Art. 25): under consent nothing reaches the CRM before an explicit grant; the CRM receives a pseudonymous contact id (HMAC-SHA256 under a secret key) instead of the phone number' +
        (config.crm.forwardProfileName || config.crm.forwardPhoneNumber ? ' (profile name / phone number forwarding switched on in this configuration)' : ', and no profile name'),
      '- Authenticity: every Meta webhook is verified (HMAC-SHA256 over the raw body, constant-time comparison); every CRM delivery is signed (Standard Webhooks); the admin and replies APIs use bearer tokens compared in constant time',
      '- Encryption: a customer-managed KMS key for the table, the queues and the logs; TLS to Meta and the CRM',
      '- Least privilege: one IAM role per function with only the table and queue actions it uses; secrets in AWS Secrets Manager',
      '- Log hygiene: logs carry ids, hashes, counts and error codes only (no phone numbers, names or message text), checked by the end-to-end tests',
      '- Storage limitation: a TTL on every stored item; reads treat expired items as absent',
      `- Data location: AWS region ${config.recipients.awsRegion} (EU regions only)`,
      '- Accountability: append-only consent receipts (notice version and SHA-256 of the text shown, evidence, timestamps); erasure tombstones; this record generated from the running configuration',
      '- Reliability: at-least-once queues with idempotent consumers and dead-letter queues, so no event is lost silently',
    ].join('\n'),
  ];
  return `${sections.join('\n\n')}\n`;
}
