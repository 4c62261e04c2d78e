import { randomBytes } from 'node:crypto';
import { signWebhookBody } from '../shared/domain/webhook/signature.js';

/*
 * Builds webhook bodies shaped like Meta's, for the simulator, tests and benchmarks. Only the
 * shape is Meta's; every value is made up.
 */

export const LOCAL_PHONE_NUMBER_ID = '100000000000001';
export const LOCAL_DISPLAY_NUMBER = '15550000001';

/** A fresh message id in Meta's style. */
export function newWamid(): string {
  return `wamid.${randomBytes(24).toString('base64url')}`;
}

function envelope(value: Record<string, unknown>, field = 'messages'): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '100000000000000',
        changes: [
          {
            field,
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: LOCAL_DISPLAY_NUMBER, phone_number_id: LOCAL_PHONE_NUMBER_ID },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

export interface TextMessageSpec {
  readonly from: string;
  readonly text: string;
  readonly name?: string;
  readonly wamid?: string;
  /** Unix seconds. Default: now. */
  readonly timestamp?: number;
}

/** A webhook carrying one or more inbound text messages. */
export function textMessagesWebhook(messages: readonly TextMessageSpec[]): Record<string, unknown> {
  const contacts = new Map<string, { profile: { name: string }; wa_id: string }>();
  for (const message of messages) {
    contacts.set(message.from, { profile: { name: message.name ?? 'Local Customer' }, wa_id: message.from });
  }
  return envelope({
    contacts: [...contacts.values()],
    messages: messages.map((message) => ({
      from: message.from,
      id: message.wamid ?? newWamid(),
      timestamp: String(message.timestamp ?? Math.floor(Date.now() / 1000)),
      type: 'text',
      text: { body: message.text },
    })),
  });
}

/** A webhook carrying one inbound text message. */
export function textMessageWebhook(message: TextMessageSpec): Record<string, unknown> {
  return textMessagesWebhook([message]);
}

/** A webhook carrying a delivery status of a message the business sent. */
export function statusWebhook(status: { wamid: string; recipient: string; status: string; timestamp?: number }): Record<string, unknown> {
  return envelope({
    statuses: [
      {
        id: status.wamid,
        status: status.status,
        timestamp: String(status.timestamp ?? Math.floor(Date.now() / 1000)),
        recipient_id: status.recipient,
      },
    ],
  });
}

/** The body and headers of a webhook POST, signed the way Meta signs it. */
export function signedWebhookRequest(payload: unknown, appSecret: string): { body: string; headers: Record<string, string> } {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return { body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(body, appSecret) } };
}

/** A webhook carrying a customer's tap on a reply button (`interactive` / `button_reply`). */
export function buttonReplyWebhook(reply: { from: string; buttonId: string; title: string; name?: string; wamid?: string; timestamp?: number }): Record<string, unknown> {
  return envelope({
    contacts: [{ profile: { name: reply.name ?? 'Local Customer' }, wa_id: reply.from }],
    messages: [
      {
        from: reply.from,
        id: reply.wamid ?? newWamid(),
        timestamp: String(reply.timestamp ?? Math.floor(Date.now() / 1000)),
        type: 'interactive',
        interactive: { type: 'button_reply', button_reply: { id: reply.buttonId, title: reply.title } },
      },
    ],
  });
}
