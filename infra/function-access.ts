import type { FunctionKey, QueueKey } from '../shared/resources.js';

/*
 * Who may touch what: the one place that says which function reads or writes the table, sends to
 * which queue, reads the secret, and what it may do on its own queue. The stack grants exactly
 * this (nothing from managed policies), and test/infra asserts every role against it.
 */

/** DynamoDB actions per access level (no Scan: every read is by key or partition). */
export const TABLE_ACTIONS = {
  none: [],
  read: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
  readWrite: [
    'dynamodb:GetItem',
    'dynamodb:Query',
    'dynamodb:BatchGetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
  ],
} as const;

export type TableAccess = keyof typeof TABLE_ACTIONS;

/** What an SQS event source mapping needs to poll a queue for its function. */
export const CONSUME_ACTIONS = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'] as const;

export interface FunctionAccess {
  readonly table: TableAccess;
  /** Queues it sends to (sqs:SendMessage, which also covers SendMessageBatch). */
  readonly sendsTo: readonly QueueKey[];
  /** Reads the bridge secret (secretsmanager:GetSecretValue) at cold start. */
  readonly readsSecret: boolean;
  /** Stretches a message's visibility timeout on its own queue to back off (sqs:ChangeMessageVisibility). */
  readonly backsOffOnOwnQueue: boolean;
  /** Sends a message straight to its own queue's DLQ when retrying cannot help. */
  readonly deadLettersDirectly: boolean;
  /** Why it needs this, for reviewers. */
  readonly reason: string;
}

/** The access table. A function not listed here gets nothing but its own log group. */
export const FUNCTION_ACCESS: Readonly<Record<FunctionKey, FunctionAccess>> = {
  webhookIngest: {
    table: 'none',
    sendsTo: ['inbound'],
    readsSecret: true,
    backsOffOnOwnQueue: false,
    deadLettersDirectly: false,
    reason: 'verifies the signature (app secret), pseudonymises ids (pseudonym key), answers the handshake (verify token), queues events',
  },
  conversationProcessor: {
    table: 'readWrite',
    sendsTo: ['crmPush', 'outbound'],
    readsSecret: false,
    backsOffOnOwnQueue: false,
    deadLettersDirectly: false,
    reason: 'idempotency markers, contact profiles, consent receipts and held messages; queues CRM events and bridge replies (notice, consent request)',
  },
  crmForwarder: {
    table: 'readWrite',
    sendsTo: [],
    readsSecret: true,
    backsOffOnOwnQueue: true,
    deadLettersDirectly: true,
    reason: 'signs with the CRM webhook secret; counts delivery attempts and keeps the endpoint-disabled flag (table); backs off on 5xx/429; dead-letters 4xx at once',
  },
  repliesApi: {
    table: 'readWrite',
    sendsTo: ['outbound'],
    readsSecret: true,
    backsOffOnOwnQueue: false,
    deadLettersDirectly: false,
    reason: 'checks the bearer token, honours Idempotency-Key (stored), queues replies',
  },
  replySender: {
    table: 'readWrite',
    sendsTo: ['crmPush'],
    readsSecret: true,
    backsOffOnOwnQueue: true,
    deadLettersDirectly: false,
    reason: 'reads the profile (wa_id, window, consent), maps wamid to reply id; Graph access token; backs off on throttling; reports rejections to the CRM',
  },
  privacyApi: {
    table: 'readWrite',
    sendsTo: ['crmPush'],
    readsSecret: true,
    backsOffOnOwnQueue: false,
    deadLettersDirectly: false,
    reason: 'checks the admin token, exports or erases a contact partition and writes the tombstone; pushes contact.erased to the CRM',
  },
};
