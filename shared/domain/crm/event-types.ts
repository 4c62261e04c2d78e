/** The CRM event types the bridge emits (the `type` of every webhook it sends). */
export const CRM_EVENT_TYPES = {
  messageReceived: 'message.received',
  messageStatus: 'message.status',
  contactPreferencesChanged: 'contact.preferences_changed',
  /** WhatsApp reported that the user moved to a new number; `data.newContactId` is the new number's contact id. */
  contactChangedNumber: 'contact.changed_number',
  webhookError: 'webhook.error',
  webhookUnsupported: 'webhook.unsupported',
  replySent: 'reply.sent',
  replyRejected: 'reply.rejected',
  replyFailed: 'reply.failed',
} as const;

export type CrmEventType = (typeof CRM_EVENT_TYPES)[keyof typeof CRM_EVENT_TYPES];
