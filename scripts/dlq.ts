/**
 * `npm run dlq -- list|redrive [--queue crm-push|inbound|outbound]`: lists the dead letters of a
 * queue (ids, type, reason, receive count: no personal data) or replays them to the queue.
 * `npm run dlq -- enable-endpoint`: clears the disabled flag a 410 Gone set on the CRM endpoint
 * (table from `TABLE_NAME`, endpoint from `CRM_WEBHOOK_URL`, or the local stack's), so
 * deliveries resume; then `redrive` replays what was dead-lettered meanwhile.
 *
 * Which queues:
 * - cloud: `--source-url <url>` (or the queue's URL variable, e.g. `CRM_PUSH_QUEUE_URL`) and
 *   optionally `--dlq-url <url>` (or e.g. `CRM_PUSH_DLQ_URL`; else the queue's RedrivePolicy names
 *   it), with the default AWS credentials and region;
 * - local: otherwise, a running `npm start` found at `--local <url>` (default
 *   `http://127.0.0.1:$PORT`, port 3000), which describes its emulators at `GET /_local/resources`.
 */
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { fileURLToPath } from 'node:url';
import { localClientConfig } from '../local/emulators.js';
import type { LocalResourcesDescription } from '../local/stack.js';
import { DynamoDbCrmDeliveryState } from '../shared/adapters/dynamodb-crm-delivery-state.js';
import { createDocumentClient } from '../shared/adapters/dynamodb-store.js';
import { listDeadLetters, redriveDeadLetters, type DeadLetterSummary } from '../shared/adapters/sqs-dead-letters.js';
import { crmEndpointKey } from '../shared/domain/crm/deliver.js';
import { systemClock } from '../shared/domain/ports.js';
import { QUEUES, type QueueDefinition } from '../shared/resources.js';

const USAGE = `usage: npm run dlq -- list|redrive|enable-endpoint [--queue ${Object.values(QUEUES)
  .map((queue) => queue.name)
  .join('|')}] [--json] [--source-url URL] [--dlq-url URL] [--local URL]`;

export interface DlqIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly write: (line: string) => void;
  readonly fetch?: typeof fetch;
}

/** Thrown for a usage or lookup problem: printed without a stack trace, exit code 2. */
export class DlqUsageError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'DlqUsageError';
  }
}

interface Target {
  readonly sqs: SQSClient;
  readonly sourceUrl: string;
  readonly deadLetterUrl: string;
  readonly where: string;
}

/** Runs one dlq command. @returns the summaries listed or replayed. @throws DlqUsageError. */
export async function runDlq(argv: readonly string[], io: DlqIo): Promise<DeadLetterSummary[]> {
  const [command, ...rest] = argv;
  if (command !== 'list' && command !== 'redrive' && command !== 'enable-endpoint') throw new DlqUsageError(USAGE);
  const options = parseOptions(rest);
  if (command === 'enable-endpoint') {
    await enableEndpoint(options, io);
    return [];
  }
  const queue = Object.values(QUEUES).find((candidate) => candidate.name === (options.queue ?? 'crm-push'));
  if (!queue) throw new DlqUsageError(`unknown queue "${options.queue}"\n${USAGE}`);
  const target = await resolveTarget(queue, options, io);
  try {
    if (command === 'list') {
      const { letters, left } = await listDeadLetters(target.sqs, target.deadLetterUrl);
      if (options.json) for (const letter of letters) io.write(JSON.stringify(letter));
      else {
        io.write(`${letters.length} dead letter(s) in ${queue.name}-dlq (${target.where})`);
        for (const letter of letters) io.write(describe(letter));
        if (left > 0) io.write(`(${left} more behind them in the same message groups; redrive or list again later)`);
      }
      return letters;
    }
    const replayed = await redriveDeadLetters(target.sqs, target.deadLetterUrl, target.sourceUrl);
    if (options.json) for (const letter of replayed) io.write(JSON.stringify(letter));
    else {
      for (const letter of replayed) io.write(`replayed ${describe(letter)}`);
      io.write(`${replayed.length} dead letter(s) replayed to ${queue.name} (${target.where})`);
    }
    return replayed;
  } finally {
    target.sqs.destroy();
  }
}

function describe(letter: DeadLetterSummary): string {
  const parts = [
    letter.eventId,
    letter.type,
    letter.reason,
    letter.status === undefined ? undefined : `status=${letter.status}`,
    letter.attempts === undefined ? undefined : `attempts=${letter.attempts}`,
    letter.receiveCount === undefined ? undefined : `receives=${letter.receiveCount}`,
    letter.deadLetteredAt,
  ];
  return `  ${parts.filter((part) => part !== undefined).join('  ')}`;
}

interface Options {
  queue?: string;
  sourceUrl?: string;
  dlqUrl?: string;
  local?: string;
  json: boolean;
}

function parseOptions(args: readonly string[]): Options {
  const options: Options = { json: false };
  for (let index = 0; index < args.length; index += 1) {
    const flag = args[index];
    const value = () => {
      const next = args[++index];
      if (next === undefined || next.startsWith('--')) throw new DlqUsageError(`${flag} needs a value\n${USAGE}`);
      return next;
    };
    if (flag === '--queue') options.queue = value();
    else if (flag === '--source-url') options.sourceUrl = value();
    else if (flag === '--dlq-url') options.dlqUrl = value();
    else if (flag === '--local') options.local = value();
    else if (flag === '--json') options.json = true;
    else throw new DlqUsageError(`unknown option ${flag}\n${USAGE}`);
  }
  return options;
}

async function resolveTarget(queue: QueueDefinition, options: Options, io: DlqIo): Promise<Target> {
  const dlqEnv = queue.urlEnv.replace(/_URL$/, '_DLQ_URL');
  const sourceUrl = options.sourceUrl ?? io.env[queue.urlEnv];
  if (sourceUrl && !options.local) {
    const sqs = new SQSClient({});
    const deadLetterUrl = options.dlqUrl ?? io.env[dlqEnv] ?? (await deadLetterQueueOf(sqs, sourceUrl));
    return { sqs, sourceUrl, deadLetterUrl, where: 'AWS' };
  }
  const base = localBase(options, io);
  const resources = await fetchLocalResources(base, io, `or give the cloud queue with --source-url or ${queue.urlEnv}`);
  return {
    sqs: new SQSClient(localClientConfig(resources.sqsEndpoint)),
    sourceUrl: resources.queueUrls[queue.key],
    deadLetterUrl: resources.deadLetterQueueUrls[queue.key],
    where: `local stack ${base}`,
  };
}

async function enableEndpoint(options: Options, io: DlqIo): Promise<void> {
  let dynamoDb: DynamoDBClient;
  let tableName: string;
  let url: string;
  let where: string;
  if (io.env.TABLE_NAME && io.env.CRM_WEBHOOK_URL && !options.local) {
    dynamoDb = new DynamoDBClient({});
    tableName = io.env.TABLE_NAME;
    url = io.env.CRM_WEBHOOK_URL;
    where = 'AWS';
  } else {
    const base = localBase(options, io);
    const resources = await fetchLocalResources(base, io, 'or set TABLE_NAME and CRM_WEBHOOK_URL for the cloud');
    dynamoDb = new DynamoDBClient(localClientConfig(resources.dynamoDbEndpoint));
    tableName = resources.tableName;
    url = resources.crmWebhookUrl;
    where = `local stack ${base}`;
  }
  try {
    const state = new DynamoDbCrmDeliveryState(createDocumentClient(dynamoDb), tableName, systemClock, 1);
    const key = crmEndpointKey(url);
    const disabled = await state.disabledEndpoint(key);
    await state.enableEndpoint(key);
    io.write(
      disabled
        ? `CRM endpoint ${key} re-enabled (disabled since ${disabled.disabledAt}, HTTP ${disabled.status}) (${where}); replay with: npm run dlq -- redrive`
        : `CRM endpoint ${key} was not disabled (${where})`,
    );
  } finally {
    dynamoDb.destroy();
  }
}

function localBase(options: Options, io: DlqIo): string {
  return options.local ?? io.env.LOCAL_STACK_URL ?? `http://127.0.0.1:${io.env.PORT ?? 3000}`;
}

async function fetchLocalResources(base: string, io: DlqIo, cloudHint: string): Promise<LocalResourcesDescription> {
  try {
    const response = await (io.fetch ?? fetch)(`${base}/_local/resources`);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return (await response.json()) as LocalResourcesDescription;
  } catch (error) {
    throw new DlqUsageError(`no local stack at ${base} (${error instanceof Error ? error.message : String(error)}): start it with npm start, ${cloudHint}`);
  }
}

async function deadLetterQueueOf(sqs: SQSClient, sourceUrl: string): Promise<string> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: sourceUrl, AttributeNames: ['RedrivePolicy'] }));
  const arn = (JSON.parse(Attributes?.RedrivePolicy ?? '{}') as { deadLetterTargetArn?: string }).deadLetterTargetArn;
  if (!arn) throw new DlqUsageError(`queue ${sourceUrl} has no RedrivePolicy: give --dlq-url`);
  const [, , , , account, name] = arn.split(':');
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }));
  if (!QueueUrl) throw new DlqUsageError(`dead-letter queue ${name} not found`);
  return QueueUrl;
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  try {
    await runDlq(process.argv.slice(2), { env: process.env, write: (line) => process.stdout.write(`${line}\n`) });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof DlqUsageError ? 2 : 1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void main();
