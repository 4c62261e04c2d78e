import * as z from 'zod';
import { isContactId } from '../contact-id.js';
import { sha256Hex } from '../crypto.js';
import { TemplateContentSchema, type OutboundContent } from '../outbound-message.js';

/*
 * The body of `POST /v1/replies`. Exactly one of `text`, `template` or `interactive`. Interactive
 * messages use the Graph API's own shape, checked against the limits WhatsApp enforces (reply
 * buttons: 1-3, title <= 20, id <= 256; lists: <= 10 sections, <= 10 rows in total, row title
 * <= 24, description <= 72, id <= 200, button <= 20; body <= 1024; header and footer <= 60).
 * Those limits come from several SDKs and vendor docs that agree; Meta's page was not reachable.
 */

const TextHeaderSchema = z.object({ type: z.literal('text'), text: z.string().min(1).max(60) });
const FooterSchema = z.object({ text: z.string().min(1).max(60) });
const BodySchema = z.object({ text: z.string().min(1).max(1024) });

const ReplyButtonSchema = z.object({
  type: z.literal('reply'),
  reply: z.object({ id: z.string().min(1).max(256), title: z.string().min(1).max(20) }),
});

export const ButtonInteractiveSchema = z.object({
  type: z.literal('button'),
  header: TextHeaderSchema.optional(),
  body: BodySchema,
  footer: FooterSchema.optional(),
  action: z.object({ buttons: z.array(ReplyButtonSchema).min(1).max(3) }),
});

const ListRowSchema = z.object({
  id: z.string().min(1).max(200),
  title: z.string().min(1).max(24),
  description: z.string().max(72).optional(),
});

export const ListInteractiveSchema = z.object({
  type: z.literal('list'),
  header: TextHeaderSchema.optional(),
  body: BodySchema,
  footer: FooterSchema.optional(),
  action: z
    .object({
      button: z.string().min(1).max(20),
      sections: z
        .array(z.object({ title: z.string().min(1).max(24).optional(), rows: z.array(ListRowSchema).min(1) }))
        .min(1)
        .max(10),
    })
    .refine((action) => action.sections.reduce((rows, section) => rows + section.rows.length, 0) <= 10, {
      message: 'a list holds at most 10 rows in total',
      path: ['sections'],
    })
    .refine((action) => action.sections.length === 1 || action.sections.every((section) => section.title), {
      message: 'every section needs a title when there is more than one',
      path: ['sections'],
    }),
});

export const InteractiveRequestSchema = z.discriminatedUnion('type', [ButtonInteractiveSchema, ListInteractiveSchema]);

/** `POST /v1/replies` body. */
export const ReplyRequestSchema = z
  .object({
    contactId: z.string().refine(isContactId, 'not a contact id (43 characters of base64url)'),
    text: z.string().min(1).max(4096).optional(),
    /** Whether WhatsApp renders a preview of the first link in `text`. */
    previewUrl: z.boolean().optional(),
    template: TemplateContentSchema.shape.template.optional(),
    interactive: InteractiveRequestSchema.optional(),
    /** wamid of the customer's message this answers (shown as a quote; marked read when configured). */
    replyTo: z.string().min(1).max(256).optional(),
  })
  .strict()
  .refine((body) => [body.text, body.template, body.interactive].filter((part) => part !== undefined).length === 1, {
    message: 'exactly one of "text", "template" or "interactive" is required',
  })
  .refine((body) => body.previewUrl === undefined || body.text !== undefined, {
    message: '"previewUrl" applies to "text" only',
    path: ['previewUrl'],
  });

export type ReplyRequest = z.infer<typeof ReplyRequestSchema>;

/** The outbound content of a validated request. */
export function toOutboundContent(request: ReplyRequest): OutboundContent {
  if (request.text !== undefined) {
    return { type: 'text', text: request.text, ...(request.previewUrl !== undefined ? { previewUrl: request.previewUrl } : {}) };
  }
  if (request.template !== undefined) return { type: 'template', template: request.template };
  return { type: 'interactive', interactive: request.interactive as NonNullable<ReplyRequest['interactive']> };
}

/**
 * A fingerprint of a request body, to tell a retry (same body) from a reuse of an idempotency key
 * for something else. Key order does not matter; only the hash is stored, never the content.
 */
export function requestFingerprint(request: ReplyRequest): string {
  return sha256Hex(canonicalJson(request));
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, child]) => child !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${canonicalJson(child)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** An `Idempotency-Key` header value: 1-255 visible ASCII characters. */
export const IdempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,255}$/, 'Idempotency-Key must be 1-255 visible ASCII characters');
