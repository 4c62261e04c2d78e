import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { ConfigurationError } from '../errors.js';

/*
 * The bridge's configuration: one JSON file named by BRIDGE_CONFIG, validated once at cold start.
 * Every field has a default, so an empty file (or none) is a working local setup; a deployment
 * sets at least the controller. Secrets never live here (see SECRET_NAMES).
 *
 * Sections are owned by the capability that reads them: `controller`, `consent`, `retention` and
 * `keywords` by consent and data-subject rights; `crm` by the CRM push; `replies` by the sender.
 */

const DAY = 24 * 60 * 60;

export const RetentionSchema = z
  .object({
    /** Processed-event markers: must outlive Meta's 7-day redelivery horizon. */
    eventMarkerSeconds: z.number().int().positive().default(14 * DAY),
  })
  .default({ eventMarkerSeconds: 14 * DAY });

export const CrmSectionSchema = z
  .object({
    /** Forward the WhatsApp profile name to the CRM (off: data minimisation). */
    forwardProfileName: z.boolean().default(false),
    /** Forward the phone number to the CRM, and then only for contacts who consented. */
    forwardPhoneNumber: z.boolean().default(false),
  })
  .default({ forwardProfileName: false, forwardPhoneNumber: false });

export const RepliesSectionSchema = z
  .object({
    /** Graph API version used for sending. */
    graphApiVersion: z.string().regex(/^v\d+\.\d+$/).default('v23.0'),
  })
  .default({ graphApiVersion: 'v23.0' });

export const LawfulBasisSchema = z.enum(['consent', 'contract', 'legitimate_interest']);
export type LawfulBasis = z.infer<typeof LawfulBasisSchema>;

/** The lawful basis (Art. 6(1) GDPR) per purpose; the consent capability extends this section. */
export const PurposesSectionSchema = z
  .object({
    customerService: z.object({ basis: LawfulBasisSchema.default('consent') }).default({ basis: 'consent' }),
    /** Marketing always needs consent (ePrivacy); the field exists to state it in the record of processing. */
    marketing: z.object({ basis: z.literal('consent').default('consent') }).default({ basis: 'consent' }),
  })
  .default({ customerService: { basis: 'consent' }, marketing: { basis: 'consent' } });

export const BridgeConfigSchema = z.object({
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
