/** The CRM event types the bridge emits (the `type` of every webhook it sends). */
export const CRM_EVENT_TYPES = {
  messageReceived: 'message.received',
  messageStatus: 'message.status',
  contactPreferencesChanged: 'contact.preferences_changed',
  /** A contact granted, declined or withdrew consent, or stopped marketing messages. */
  contactConsentChanged: 'contact.consent_changed',
  /** The bridge erased a contact (Art. 17); the CRM should erase it too. */
  contactErased: 'contact.erased',
  /** WhatsApp reported that the user moved to a new number; `data.newContactId` is the new number's contact id. */
  contactChangedNumber: 'contact.changed_number',
  webhookError: 'webhook.error',
  webhookUnsupported: 'webhook.unsupported',
  replySent: 'reply.sent',
  replyRejected: 'reply.rejected',
  replyFailed: 'reply.failed',
} as const;

/**
 * Version of the CRM event contract, sent as `version` in every body. Adding an optional field or
 * a new event type keeps the version; removing or retyping a field bumps it (see the README).
 */
export const CRM_EVENT_CONTRACT_VERSION = 1;

export type CrmEventType = (typeof CRM_EVENT_TYPES)[keyof typeof CRM_EVENT_TYPES];
