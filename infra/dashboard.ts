import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Dashboard, GraphWidget, MathExpression, type IMetric, TextWidget } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { BRIDGE_METRICS, METRICS_NAMESPACE, type BridgeMetricName } from '../shared/domain/metrics.js';
import { FUNCTIONS, QUEUES, type FunctionKey, type QueueKey } from '../shared/resources.js';
import type { BridgeFunction } from './bridge-function.js';
import type { BridgeQueue } from './bridge-stack.js';

export interface BridgeDashboardProps {
  readonly dashboardName: string;
  readonly api: HttpApi;
  readonly queues: Readonly<Record<QueueKey, BridgeQueue>>;
  readonly functions: Partial<Record<FunctionKey, BridgeFunction>>;
}

const PERIOD = Duration.minutes(5);

/**
 * A business counter summed over every function that emits it (Powertools adds a `service`
 * dimension per function; SEARCH spares the dashboard from knowing which one counts what).
 */
function bridgeMetric(name: BridgeMetricName, label: string): IMetric {
  return new MathExpression({
    expression: `SUM(SEARCH('{${METRICS_NAMESPACE},service} MetricName="${name}"', 'Sum', ${PERIOD.toSeconds()}))`,
    label,
    period: PERIOD,
  });
}

/** The flow at a glance: webhooks in, events processed, CRM deliveries, replies, consent, DLQs. */
export class BridgeDashboard extends Construct {
  public readonly dashboard: Dashboard;

  public constructor(scope: Construct, id: string, props: BridgeDashboardProps) {
    super(scope, id);
    const queueEntries = Object.entries(props.queues) as [QueueKey, BridgeQueue][];
    const functionEntries = Object.entries(props.functions) as [FunctionKey, BridgeFunction][];

    this.dashboard = new Dashboard(this, 'Resource', { dashboardName: props.dashboardName, defaultInterval: Duration.hours(24) });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: '## WhatsApp to CRM bridge\nCounts only: no metric carries a contact, phone number or message text.',
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Webhooks in',
        width: 8,
        left: [props.api.metricCount({ period: PERIOD, label: 'HTTP requests' }), bridgeMetric(BRIDGE_METRICS.webhooksReceived, 'webhooks accepted')],
        right: [props.api.metricClientError({ period: PERIOD, label: '4xx' }), props.api.metricServerError({ period: PERIOD, label: '5xx' })],
      }),
      new GraphWidget({
        title: 'Events processed',
        width: 8,
        left: [
          bridgeMetric(BRIDGE_METRICS.eventsProcessed, 'events processed'),
          props.queues.inbound.queue.metricNumberOfMessagesDeleted({ period: PERIOD, label: 'inbound.fifo done' }),
        ],
      }),
      new GraphWidget({
        title: 'CRM deliveries',
        width: 8,
        left: [bridgeMetric(BRIDGE_METRICS.crmDeliveries, 'delivered (2xx)'), bridgeMetric(BRIDGE_METRICS.crmDeliveryFailures, 'refused for good')],
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Replies',
        width: 8,
        left: [bridgeMetric(BRIDGE_METRICS.repliesSent, 'sent'), bridgeMetric(BRIDGE_METRICS.repliesRejected, 'rejected')],
      }),
      new GraphWidget({
        title: 'Consent',
        width: 8,
        left: [bridgeMetric(BRIDGE_METRICS.consentGranted, 'granted'), bridgeMetric(BRIDGE_METRICS.consentWithdrawn, 'withdrawn')],
      }),
      new GraphWidget({
        title: 'Dead-letter queue depths',
        width: 8,
        left: queueEntries.map(([key, { deadLetterQueue }]) =>
          deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum', label: `${QUEUES[key].name}-dlq` }),
        ),
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Age of the oldest message (s)',
        width: 8,
        left: queueEntries.map(([key, { queue }]) =>
          queue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum', label: QUEUES[key].name }),
        ),
      }),
      new GraphWidget({
        title: 'Function errors',
        width: 8,
        left: functionEntries.map(([key, bridgeFunction]) => bridgeFunction.function.metricErrors({ period: PERIOD, label: FUNCTIONS[key].name })),
      }),
      new GraphWidget({
        title: 'Function duration p95 (ms)',
        width: 8,
        left: functionEntries.map(([key, bridgeFunction]) =>
          bridgeFunction.function.metricDuration({ period: PERIOD, statistic: 'p95', label: FUNCTIONS[key].name }),
        ),
      }),
    );
  }
}
