import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { MAX_RETRY_DELAY_SECONDS } from '../domain/crm/retry-limits.js';
import { PII_TYPES } from '../domain/sanitizer/constants.js';
import { ConfigurationError } from '../errors.js';
import { checkNotices } from '../domain/consent/notice.js';
import { ConsentSectionSchema, ControllerSchema, DpoSchema, KeywordsSectionSchema, RecipientsSchema } from './consent-sections.js';

/*
 * The bridge's configuration: one JSON file named by BRIDGE_CONFIG, validated once at cold start.
 * Every field has a default, so an empty file (or none) is a working local setup; a deployment
 * sets at least the controller. Secrets never live here (see SECRET_NAMES).
 *
 * Sections are owned by the capability that reads them: `controller`, `dpo`, `privacyNoticeUrl`,
 * `recipients`, `consent`, `keywords`, `purposes` and `retention` by consent and data-subject rights
 * (see consent-sections.ts); `crm` by the CRM push; `replies` by the sender.
 */

const DAY = 24 * 60 * 60;

export const RetentionSchema = z
  .object({
    /** Processed-event markers: must outlive Meta's 7-day redelivery horizon. */
    eventMarkerSeconds: z.number().int().positive().default(14 * DAY),
    /**
     * The hold period: how long a first message waits for the contact's consent before it is
     * discarded (Art. 5(1)(e)). Held messages are never forwarded after this.
     */
    heldMessageSeconds: z.number().int().positive().default(7 * DAY),
    /**
     * Conversation data: the contact profile (wa_id, consent state, last inbound time) is kept
     * this long after the contact's last activity, then expires.
     */
    conversationDataSeconds: z.number().int().positive().default(365 * DAY),
    /**
     * Consent proof: receipts and the erasure tombstone are kept this long (Art. 7(1): the
     * controller must be able to demonstrate consent; 3 years covers the usual limitation period).
     */
    consentProofSeconds: z.number().int().positive().default(3 * 365 * DAY),
  })
  .prefault({});

/** The Standard Webhooks retry schedule after the first attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const STANDARD_WEBHOOKS_RETRY_SCHEDULE_SECONDS = [5, 300, 1800, 7200, 18000, 36000, 36000] as const;

export const PiiActionSchema = z.enum(['redact', 'keep', 'pseudonymize']);

/** Delays between CRM delivery attempts: whole seconds, each at most SQS's 12-hour limit. */
export const RetryScheduleSchema = z.array(z.number().int().min(0).max(MAX_RETRY_DELAY_SECONDS)).min(1);

export const CrmSectionSchema = z
  .object({
    /** Forward the WhatsApp profile name to the CRM (off: data minimisation). */
    forwardProfileName: z.boolean().default(false),
    /** Forward the phone number to the CRM, and then only for contacts who consented. */
    forwardPhoneNumber: z.boolean().default(false),
    /**
     * Delays (seconds) before each retry of a failed delivery; after the last one the event is
     * dead-lettered. A `Retry-After` answer replaces the step's delay. Each at most 12 h (SQS).
     */
    retryScheduleSeconds: RetryScheduleSchema.default([...STANDARD_WEBHOOKS_RETRY_SCHEDULE_SECONDS]),
    /**
     * What the sanitizer does per entity type in free text (message text, captions, file names):
     * `redact` (default: a placeholder such as `[EMAIL]`), `keep`, or `pseudonymize` (a stable
     * HMAC token under PSEUDONYM_KEY, e.g. `[EMAIL:3f9a0c1b2d]`, so the CRM can correlate values).
     */
    piiActions: z
      .partialRecord(z.enum(PII_TYPES), PiiActionSchema)
      .default({}),
  })
  .prefault({});

const REPLIES_DEFAULTS = {
  graphApiVersion: 'v23.0',
  throughputPerSecond: 80,
  senderConcurrency: 2,
  pairSpacingMs: 1000,
  markAsRead: false,
  graphTimeoutMs: 10_000,
  serviceWindowHours: 24,
  referralWindowHours: 72,
  retryBaseSeconds: 2,
  retryMaxSeconds: 900,
  replyRecordSeconds: 30 * DAY,
  idempotencyKeySeconds: DAY,
} as const;

/** The reply sender and the replies API (see the README's "Replies API" section). */
export const RepliesSectionSchema = z
  .object({
    /** Graph API version used for sending. */
    graphApiVersion: z.string().regex(/^v\d+\.\d+$/).default(REPLIES_DEFAULTS.graphApiVersion),
    /** Messages per second the business number may send (Meta: 80 by default, 1,000 after an upgrade). */
    throughputPerSecond: z.number().int().positive().default(REPLIES_DEFAULTS.throughputPerSecond),
    /**
     * Sender instances that may run at once (the event source mapping's maximum concurrency); each
     * takes an equal share of `throughputPerSecond`, so together they stay under it.
     */
    senderConcurrency: z.number().int().positive().default(REPLIES_DEFAULTS.senderConcurrency),
    /** Minimum gap between two sends to the same contact (pair rate limit, ~1 per 6 s on average). */
    pairSpacingMs: z.number().int().nonnegative().max(60_000).default(REPLIES_DEFAULTS.pairSpacingMs),
    /** Mark the message a reply answers (`replyTo`) as read before sending the reply. */
    markAsRead: z.boolean().default(REPLIES_DEFAULTS.markAsRead),
    /** Timeout of one Graph API call; a timeout is retried (the send may have happened: at-least-once). */
    graphTimeoutMs: z.number().int().positive().max(60_000).default(REPLIES_DEFAULTS.graphTimeoutMs),
    /** Customer service window after the contact's last message, in which free-form messages may be sent. */
    serviceWindowHours: z.number().positive().default(REPLIES_DEFAULTS.serviceWindowHours),
    /** Window after a message from a click-to-WhatsApp ad. */
    referralWindowHours: z.number().positive().default(REPLIES_DEFAULTS.referralWindowHours),
    /** Backoff of a retryable Graph error: base * 2^(attempt-1) seconds (131056: base * 4^(attempt-1)), capped. */
    retryBaseSeconds: z.number().int().nonnegative().default(REPLIES_DEFAULTS.retryBaseSeconds),
    retryMaxSeconds: z.number().int().nonnegative().max(43_200).default(REPLIES_DEFAULTS.retryMaxSeconds),
    /** How long reply records and wamid mappings are kept (statuses arrive for days; read receipts later). */
    replyRecordSeconds: z.number().int().positive().default(REPLIES_DEFAULTS.replyRecordSeconds),
    /** How long an `Idempotency-Key` is remembered. */
    idempotencyKeySeconds: z.number().int().positive().default(REPLIES_DEFAULTS.idempotencyKeySeconds),
  })
  .default(REPLIES_DEFAULTS);

export const LawfulBasisSchema = z.enum(['consent', 'contract', 'legitimate_interest']);
export type LawfulBasis = z.infer<typeof LawfulBasisSchema>;

/** The lawful basis (Art. 6(1) GDPR) per purpose; the consent capability extends this section. */
export const PurposesSectionSchema = z
  .object({
    customerService: z
      .object({
        basis: LawfulBasisSchema.default('consent'),
        /** The interest pursued (Art. 13(1)(d)); required when the basis is `legitimate_interest`. */
        legitimateInterest: z.string().min(1).optional(),
      })
      .prefault({})
      .refine((purpose) => purpose.basis !== 'legitimate_interest' || purpose.legitimateInterest !== undefined, {
        message: 'required when basis is "legitimate_interest" (Art. 13(1)(d) GDPR)',
        path: ['legitimateInterest'],
      }),
    /** Marketing always needs consent (ePrivacy); the field exists to state it in the record of processing. */
    marketing: z.object({ basis: z.literal('consent').default('consent') }).default({ basis: 'consent' }),
  })
  .prefault({});

export const BridgeConfigSchema = z.object({
  controller: ControllerSchema,
  dpo: DpoSchema,
  /** The full privacy notice the short WhatsApp notice links to. */
  privacyNoticeUrl: z.url({ protocol: /^https?$/ }).default('https://example.com/privacy'),
  recipients: RecipientsSchema,
  consent: ConsentSectionSchema,
  keywords: KeywordsSectionSchema,
  purposes: PurposesSectionSchema,
  retention: RetentionSchema,
  crm: CrmSectionSchema,
  replies: RepliesSectionSchema,
});

export type BridgeConfig = z.infer<typeof BridgeConfigSchema>;

/**
 * Parses and validates a configuration object.
 *
 * @throws ConfigurationError naming every bad field, e.g. `retention.eventMarkerSeconds: Too small`.
 */
export function parseBridgeConfig(input: unknown, source = 'configuration'): BridgeConfig {
  const parsed = BridgeConfigSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new ConfigurationError(`invalid ${source}: ${problems.join('; ')}`);
  }
  // Notices are templates over the rest of the configuration: render each once now, so an
  // unknown placeholder or an over-long text stops the start instead of the first conversation.
  const noticeProblems = checkNotices(parsed.data);
  if (noticeProblems.length > 0) throw new ConfigurationError(`invalid ${source}: ${noticeProblems.join('; ')}`);
  return parsed.data;
}

/**
 * Loads the configuration file named by `BRIDGE_CONFIG` (defaults only when unset).
 *
 * @throws ConfigurationError when the file cannot be read, is not JSON, or is invalid.
 */
export function loadBridgeConfig(env: Readonly<Record<string, string | undefined>>): BridgeConfig {
  const path = env.BRIDGE_CONFIG;
  if (!path) return parseBridgeConfig({});
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`cannot read BRIDGE_CONFIG file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(`BRIDGE_CONFIG file ${path} is not valid JSON`, { cause: error });
  }
  return parseBridgeConfig(json, `BRIDGE_CONFIG file ${path}`);
}
