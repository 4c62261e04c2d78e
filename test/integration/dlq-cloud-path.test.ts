import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDbCrmDeliveryState } from '../../shared/adapters/dynamodb-crm-delivery-state.js';
import { createDocumentClient } from '../../shared/adapters/dynamodb-store.js';
import { crmEndpointKey } from '../../shared/domain/crm/deliver.js';
import { systemClock } from '../../shared/domain/ports.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulators, type TestEmulators } from '../support/emulators.js';

const run = promisify(execFile);

/**
 * The DLQ tool's cloud path (`--source-url`), run as an operator runs it: a separate process with
 * the SDK's default credential chain and region from the environment. `AWS_ENDPOINT_URL_SQS`
 * (a standard SDK setting) points that default client at the SQS emulator instead of AWS, so the
 * path the tool takes in the cloud (RedrivePolicy lookup, GetQueueUrl by account, list, redrive)
 * is exercised end to end without an AWS account. The emulator's queue hosts (`sqs.<region>.localhost`)
 * are resolved to 127.0.0.1 by a preload, as AWS's DNS resolves a real queue host.
 */
describe('Script: npm run dlq, cloud path (against the SQS emulator)', () => {
  let emulators: TestEmulators;
  let sqsEndpoint: string;
  let dynamoDbEndpoint: string;

  beforeAll(async () => {
    emulators = await startTestEmulators();
    const endpointOf = async (config: { endpoint?: () => Promise<{ protocol: string; hostname: string; port?: number }> }) => {
      const endpoint = await config.endpoint?.();
      return `${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`;
    };
    sqsEndpoint = await endpointOf(emulators.sqs.config);
    dynamoDbEndpoint = await endpointOf(emulators.dynamoDb.config);
  });
  afterAll(async () => {
    await emulators.stop();
  });

  async function dlq(args: string[], env: Record<string, string> = {}): Promise<string> {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--import', './test/support/resolve-localhost-subdomains.mjs', 'scripts/dlq.ts', ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        AWS_REGION: 'eu-central-1',
        AWS_ACCESS_KEY_ID: 'operator',
        AWS_SECRET_ACCESS_KEY: 'operator',
        AWS_ENDPOINT_URL_SQS: sqsEndpoint,
        AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...env,
      },
      timeout: 60_000,
    });
    return stdout;
  }

  it('finds the dead-letter queue from the RedrivePolicy, lists its letters and replays them to the source queue', async () => {
    // Prepare
    const sourceUrl = emulators.resources.queueUrls.crmPush;
    const record = { v: 1, id: 'evt_cloud_1', type: 'message.received', occurredAt: '2026-11-29T10:00:00.000Z', contactId: 'c_1', data: {} };
    await emulators.sqs.send(
      new SendMessageCommand({
        QueueUrl: emulators.resources.deadLetterQueueUrls.crmPush,
        MessageBody: JSON.stringify(record),
        MessageGroupId: 'c_1',
        MessageDeduplicationId: 'evt_cloud_1',
      }),
    );

    // Act
    const listed = await dlq(['list', '--source-url', sourceUrl]);
    const replayed = await dlq(['redrive', '--source-url', sourceUrl]);

    // Assess
    expect(listed).toContain('1 dead letter(s) in crm-push-dlq (AWS)');
    expect(listed).toContain('evt_cloud_1');
    expect(replayed).toContain('1 dead letter(s) replayed to crm-push (AWS)');
    const { Messages } = await emulators.sqs.send(new ReceiveMessageCommand({ QueueUrl: sourceUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    expect(Messages?.map((message) => JSON.parse(message.Body as string).id)).toEqual(['evt_cloud_1']);
  });

  it('re-enables a CRM endpoint a 410 disabled, found by TABLE_NAME and CRM_WEBHOOK_URL', async () => {
    // Prepare
    const url = 'https://crm.example/hooks/whatsapp';
    const state = new DynamoDbCrmDeliveryState(createDocumentClient(emulators.dynamoDb), emulators.resources.tableName, systemClock, 1);
    await state.disableEndpoint(crmEndpointKey(url), { disabledAt: '2026-11-29T09:00:00.000Z', status: 410 });

    // Act
    const output = await dlq(['enable-endpoint'], { TABLE_NAME: emulators.resources.tableName, CRM_WEBHOOK_URL: url });

    // Assess
    expect(output).toContain('re-enabled (disabled since 2026-11-29T09:00:00.000Z, HTTP 410) (AWS)');
    expect(await state.disabledEndpoint(crmEndpointKey(url))).toBeUndefined();
  });
});
