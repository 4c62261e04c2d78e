import type { OutboundMessage } from '../outbound-message.js';

/** The JSON body of `POST /{phone-number-id}/messages`. */
export type GraphMessage = Record<string, unknown> & { readonly messaging_product: 'whatsapp'; readonly to: string };

/**
 * Builds the Graph API body for an outbound message. The reply id travels as
 * `biz_opaque_callback_data`, so Meta echoes it on every status of the message: the CRM can
 * match a status to its reply even if the wamid mapping was never written (a crash after the send).
 */
export function buildGraphMessage(message: OutboundMessage, waId: string): GraphMessage {
  const content = message.content;
  const base = {
    messaging_product: 'whatsapp' as const,
    recipient_type: 'individual',
    to: waId,
    biz_opaque_callback_data: message.replyId,
    ...(message.replyTo ? { context: { message_id: message.replyTo } } : {}),
  };
  switch (content.type) {
    case 'text':
      return { ...base, type: 'text', text: { body: content.text, preview_url: content.previewUrl ?? false } };
    case 'template': {
      const { name, language, components } = content.template;
      return { ...base, type: 'template', template: { name, language: { code: language }, ...(components ? { components } : {}) } };
    }
    case 'interactive':
      return { ...base, type: 'interactive', interactive: content.interactive };
  }
}
