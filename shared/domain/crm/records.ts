import * as z from 'zod';
import { sha256Hex } from '../crypto.js';

/*
 * What the processor puts on `crm-push.fifo`: a CRM event before minimisation. The forwarder turns
 * it into the webhook the CRM receives (see payload.ts), dropping or pseudonymising the subject's
 * personal data on the way. The queue is KMS-encrypted; nothing here is logged.
 */

export const CrmPushRecordSchema = z.object({
  /** Contract version of this record shape. */
  v: z.literal(1),
  /** The CRM event id: `webhook-id` of every delivery attempt, stable across retries. */
  id: z.string().min(1),
  /** Event type, e.g. `message.received` (see the README's event catalogue). */
  type: z.string().min(1),
  /** When it happened (ISO 8601, UTC). */
  occurredAt: z.string(),
  /** Pseudonymous contact id; the only contact identifier the CRM gets by default. */
  contactId: z.string(),
  /** Personal data that the forwarder may pass on only when configured to. */
  subject: z
    .object({
      waId: z.string().optional(),
      profileName: z.string().optional(),
      /**
       * Set by the processor: the contact had granted consent when the event was recorded. The
       * phone number reaches the CRM only when this is true and `crm.forwardPhoneNumber` is on.
       * Absent (older records) means no consent is known, so the number is withheld.
       */
      consentGranted: z.boolean().optional(),
    })
    .optional(),
  /** Type-specific content. */
  data: z.record(z.string(), z.unknown()),
});

export type CrmPushRecord = z.infer<typeof CrmPushRecordSchema>;

/**
 * A deterministic CRM event id for an event derived from a source event, so a redelivered source
 * event yields the same id (and the CRM can deduplicate on `webhook-id`).
 */
export function deriveCrmEventId(type: string, sourceEventId: string): string {
  return `evt_${sha256Hex(`${type}\n${sourceEventId}`).slice(0, 32)}`;
}
