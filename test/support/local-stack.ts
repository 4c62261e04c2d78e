import { GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { signedWebhookRequest } from '../../local/webhook-builder.js';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/stack.js';
import type { QueueKey } from '../../shared/resources.js';

export interface TestStack extends LocalStack {
  /** Every log line the bridge wrote (JSON), for the no-personal-data scan. */
  readonly logs: string[];
  /** Every line the CRM sink printed. */
  readonly printed: string[];
  /** POSTs a payload to /webhook, signed with the stack's app secret unless a signature is given. */
  postWebhook(payload: unknown, options?: { signature?: string }): Promise<Response>;
  /** The CRM sink's accepted deliveries, parsed. */
  crmEvents(): Promise<{ headers: Record<string, string>; body: string; payload: { type: string; timestamp: string; data: Record<string, unknown> } }[]>;
  /** Messages visible in a queue's dead-letter queue (received with a long visibility timeout). */
  deadLetters(queue: QueueKey): Promise<string[]>;
  /** Approximate messages in a queue, visible and in flight. */
  queueDepth(queue: QueueKey): Promise<number>;
}

/** Starts the whole local stack on a free port, with quick retries and captured output. */
export async function startTestStack(options: LocalStackOptions = {}): Promise<TestStack> {
  const logs: string[] = [];
  const printed: string[] = [];
  const stack = await startLocalStack({
    port: 0,
    visibilityTimeoutSeconds: 1,
    writeLog: (line) => logs.push(line),
    logLevel: 'debug',
    print: (line) => printed.push(line),
    ...options,
    // The CRM retry schedule scaled from hours to seconds, like the visibility timeout; a test's
    // own variables come on top.
    env: { CRM_RETRY_SCHEDULE_SECONDS: '1,1,1,1,1,1,1', ...options.env },
  });
  return {
    ...stack,
    logs,
    printed,
    postWebhook: async (payload, postOptions = {}) => {
      const request = signedWebhookRequest(payload, stack.env.WHATSAPP_APP_SECRET as string);
      const headers = postOptions.signature === undefined ? request.headers : { ...request.headers, 'x-hub-signature-256': postOptions.signature };
      return fetch(`${stack.url}/webhook`, { method: 'POST', headers, body: request.body });
    },
    crmEvents: async () => {
      const response = await fetch(`${stack.url}/_local/crm/events`);
      const deliveries = (await response.json()) as { headers: Record<string, string>; body: string }[];
      return deliveries.map((delivery) => ({ ...delivery, payload: JSON.parse(delivery.body) }));
    },
    deadLetters: async (queue) => {
      const { Messages } = await stack.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: stack.resources.deadLetterQueueUrls[queue], MaxNumberOfMessages: 10, VisibilityTimeout: 300 }),
      );
      return (Messages ?? []).map((message) => message.Body as string);
    },
    queueDepth: async (queue) => {
      const { Attributes } = await stack.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: stack.resources.queueUrls[queue],
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return Number(Attributes?.ApproximateNumberOfMessages ?? 0) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
    },
  };
}
