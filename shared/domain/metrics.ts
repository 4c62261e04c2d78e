/**
 * The bridge's business metrics, named once: the functions count them through the
 * {@link Metrics} port and the CloudWatch dashboard (`infra/`) graphs the same names. Values are
 * counts; there are no per-contact dimensions, so a metric never identifies anyone.
 */
export const BRIDGE_METRICS = {
  /** Webhook deliveries from Meta accepted (signature valid, events queued). */
  webhooksReceived: 'WebhooksReceived',
  /** Inbound events the conversation processor finished. */
  eventsProcessed: 'EventsProcessed',
  /** CRM webhooks answered with 2xx. */
  crmDeliveries: 'CrmDeliveries',
  /** CRM webhooks refused for good (dead-lettered or reported). */
  crmDeliveryFailures: 'CrmDeliveryFailures',
  /** Replies the Graph API accepted. */
  repliesSent: 'RepliesSent',
  /** Replies refused by consent, the 24-hour window or a final Graph error. */
  repliesRejected: 'RepliesRejected',
  /** Consent granted by a confirming action. */
  consentGranted: 'ConsentGranted',
  /** Consent withdrawn (STOP and its equivalents). */
  consentWithdrawn: 'ConsentWithdrawn',
} as const;

export type BridgeMetricName = (typeof BRIDGE_METRICS)[keyof typeof BRIDGE_METRICS];

/** CloudWatch namespace of the bridge's metrics. */
export const METRICS_NAMESPACE = 'WaCrmBridge';
