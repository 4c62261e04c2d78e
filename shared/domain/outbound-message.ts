import * as z from 'zod';

/*
 * What goes on `outbound.fifo`: a message for the reply sender to send through the Graph API.
 * Producers: the replies API (origin `crm`) and the processor (origin `bridge`: the privacy
 * notice, the consent request and confirmations). The reply sender checks consent and the
 * 24-hour window before sending; see `purpose` for what bridge messages may bypass.
 */

export const TextContentSchema = z.object({
  type: z.literal('text'),
  text: z.string().min(1).max(4096),
  previewUrl: z.boolean().optional(),
});

export const TemplateContentSchema = z.object({
  type: z.literal('template'),
  template: z.object({
    name: z.string().min(1).max(512),
    /** BCP 47-ish template language code, e.g. `de`, `en_US`. */
    language: z.string().min(2).max(15),
    components: z.array(z.looseObject({ type: z.string() })).optional(),
    /** The template's category as approved by Meta; marketing needs marketing consent. */
    category: z.enum(['marketing', 'utility', 'authentication']).optional(),
  }),
});

/** An interactive message in the Graph API's shape (`{type: "button" | "list", body, action, ...}`). */
export const InteractiveContentSchema = z.object({
  type: z.literal('interactive'),
  interactive: z.looseObject({ type: z.enum(['button', 'list']), body: z.object({ text: z.string().min(1).max(1024) }) }),
});

export const OutboundContentSchema = z.discriminatedUnion('type', [TextContentSchema, TemplateContentSchema, InteractiveContentSchema]);

/**
 * Why the bridge itself sends a message. `privacy_notice`, `consent_request` and
 * `consent_confirmation` may go to a contact who has not (or no longer) consented: they are how
 * consent is asked for and how a withdrawal is confirmed (Art. 7(3), Art. 13).
 */
export const BridgePurposeSchema = z.enum(['privacy_notice', 'consent_request', 'consent_confirmation', 'erasure_confirmation']);

export const OutboundMessageSchema = z.object({
  v: z.literal(1),
  /** Reply id (`rpl_...`): the CRM's handle on this message, in `reply.*` and `message.status` events. */
  replyId: z.string().min(1),
  contactId: z.string().min(1),
  origin: z.enum(['crm', 'bridge']),
  /** Set for origin `bridge`. */
  purpose: BridgePurposeSchema.optional(),
  content: OutboundContentSchema,
  /** wamid of the message this replies to (shown as a quote). */
  replyTo: z.string().optional(),
  requestedAt: z.string(),
});

export type OutboundMessage = z.infer<typeof OutboundMessageSchema>;
export type OutboundContent = z.infer<typeof OutboundContentSchema>;
