/**
 * The bridge's AWS resources, defined once. The CDK app (`infra/`) and the local stack (`local/`)
 * both build from these definitions, so the table keys, queue names and redrive policies cannot
 * drift between the cloud and a developer's machine.
 */

/** Attribute names of the single DynamoDB table. */
export const TABLE = {
  logicalName: 'bridge',
  partitionKey: 'PK',
  sortKey: 'SK',
  /** Epoch seconds; DynamoDB deletes lazily, so readers also treat past values as absent. */
  ttlAttribute: 'expiresAt',
} as const;

export interface QueueDefinition {
  /** Short name, used in environment variable names and logs. */
  readonly key: QueueKey;
  /** Queue name without the `.fifo` suffix. */
  readonly name: string;
  /** How long a received message stays invisible before it is delivered again. */
  readonly visibilityTimeoutSeconds: number;
  /** Deliveries before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** How long a message (and a dead letter) is kept. */
  readonly retentionSeconds: number;
  /** Records per consumer invocation (the event source mapping's batch size). */
  readonly batchSize: number;
  /** Environment variable that carries the queue's URL to the functions. */
  readonly urlEnv: string;
}

export type QueueKey = 'inbound' | 'crmPush' | 'outbound';

const FOURTEEN_DAYS = 14 * 24 * 60 * 60;

/** The three FIFO queues; each has a FIFO dead-letter queue named `<name>-dlq.fifo`. */
export const QUEUES: Readonly<Record<QueueKey, QueueDefinition>> = {
  inbound: {
    key: 'inbound',
    name: 'inbound',
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    retentionSeconds: FOURTEEN_DAYS,
    batchSize: 10,
    urlEnv: 'INBOUND_QUEUE_URL',
  },
  crmPush: {
    key: 'crmPush',
    name: 'crm-push',
    visibilityTimeoutSeconds: 60,
    // A safety net only: the forwarder counts its own attempts per event, stretches the
    // visibility timeout per the retry schedule (`crm.retryScheduleSeconds`, 8 attempts over
    // ~28 h by default) and dead-letters with a reason when it is exhausted. Receive counts run
    // ahead of attempts, since a contact's later events are received (and put back) while an
    // earlier one waits, so this limit sits well above the schedule's length.
    maxReceiveCount: 30,
    retentionSeconds: FOURTEEN_DAYS,
    batchSize: 10,
    urlEnv: 'CRM_PUSH_QUEUE_URL',
  },
  outbound: {
    key: 'outbound',
    name: 'outbound',
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 6,
    retentionSeconds: FOURTEEN_DAYS,
    batchSize: 10,
    urlEnv: 'OUTBOUND_QUEUE_URL',
  },
};

/** The FIFO queue name of a definition, e.g. `inbound.fifo`. */
export function fifoQueueName(queue: QueueDefinition, prefix = ''): string {
  return `${prefix}${queue.name}.fifo`;
}

/** The FIFO dead-letter queue name of a definition, e.g. `inbound-dlq.fifo`. */
export function deadLetterQueueName(queue: QueueDefinition, prefix = ''): string {
  return `${prefix}${queue.name}-dlq.fifo`;
}

export type FunctionKey =
  | 'webhookIngest'
  | 'conversationProcessor'
  | 'crmForwarder'
  | 'repliesApi'
  | 'replySender'
  | 'privacyApi';

export interface FunctionDefinition {
  readonly key: FunctionKey;
  /** Folder under `functions/`; also the function's name suffix. */
  readonly name: string;
  /** Entry file, relative to the repository root. */
  readonly entry: string;
  /** The queue this function consumes, if it is a queue consumer. */
  readonly consumes?: QueueKey;
}

function defineFunction(key: FunctionKey, name: string, consumes?: QueueKey): FunctionDefinition {
  return { key, name, entry: `functions/${name}/handler.ts`, ...(consumes ? { consumes } : {}) };
}

/** Every Lambda function of the bridge. */
export const FUNCTIONS: Readonly<Record<FunctionKey, FunctionDefinition>> = {
  webhookIngest: defineFunction('webhookIngest', 'webhook-ingest'),
  conversationProcessor: defineFunction('conversationProcessor', 'conversation-processor', 'inbound'),
  crmForwarder: defineFunction('crmForwarder', 'crm-forwarder', 'crmPush'),
  repliesApi: defineFunction('repliesApi', 'replies-api'),
  replySender: defineFunction('replySender', 'reply-sender', 'outbound'),
  privacyApi: defineFunction('privacyApi', 'privacy-api'),
};

export interface ApiRoute {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** API Gateway route path; `{name}` marks a path parameter. */
  readonly path: string;
  readonly function: FunctionKey;
}

/** The HTTP API's routes: the local gateway and the CDK HTTP API are both built from this list. */
export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'GET', path: '/webhook', function: 'webhookIngest' },
  { method: 'POST', path: '/webhook', function: 'webhookIngest' },
  { method: 'GET', path: '/v1/contacts/{contactId}/export', function: 'privacyApi' },
  { method: 'DELETE', path: '/v1/contacts/{contactId}', function: 'privacyApi' },
  { method: 'POST', path: '/v1/replies', function: 'repliesApi' },
];

/**
 * Secrets the functions read. In the cloud they live in one Secrets Manager secret (a JSON object
 * with these keys); locally they come from environment variables of the same names.
 */
export const SECRET_NAMES = [
  'WHATSAPP_APP_SECRET',
  'WHATSAPP_VERIFY_TOKEN',
  'WHATSAPP_ACCESS_TOKEN',
  'CRM_WEBHOOK_SECRET',
  'REPLIES_API_TOKEN',
  'ADMIN_API_TOKEN',
  'PSEUDONYM_KEY',
] as const;

export type SecretName = (typeof SECRET_NAMES)[number];
