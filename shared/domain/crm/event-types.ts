/** The CRM event types the bridge emits (the `type` of every webhook it sends). */
export const CRM_EVENT_TYPES = {
  messageReceived: 'message.received',
  messageStatus: 'message.status',
  contactPreferencesChanged: 'contact.preferences_changed',
  /** A contact granted, declined or withdrew consent, or stopped marketing messages. */
  contactConsentChanged: 'contact.consent_changed',
  /** The bridge erased a contact (Art. 17); the CRM should erase it too. */
  contactErased: 'contact.erased',
  webhookError: 'webhook.error',
  webhookUnsupported: 'webhook.unsupported',
} as const;

export type CrmEventType = (typeof CRM_EVENT_TYPES)[keyof typeof CRM_EVENT_TYPES];
