import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { deadLetterUrlEnv } from '../../infra/bridge-stack.js';
import { CONSUME_ACTIONS, FUNCTION_ACCESS, TABLE_ACTIONS } from '../../infra/function-access.js';
import { BRIDGE_METRICS } from '../../shared/domain/metrics.js';
import {
  API_ROUTES,
  deadLetterQueueName,
  fifoQueueName,
  FUNCTIONS,
  QUEUES,
  SECRET_NAMES,
  TABLE,
  type FunctionKey,
  type QueueKey,
} from '../../shared/resources.js';
import { synthesiseBridge, type SynthesisedBridge } from './support.js';

type Statement = { Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, string>>; Effect: string };

const PREFIX = 'wa-crm-bridge';
const FUNCTION_KEYS = Object.keys(FUNCTIONS) as FunctionKey[];
const QUEUE_KEYS = Object.keys(QUEUES) as QueueKey[];

/** `GetAtt [id, Arn]` or `Ref id` to `id`; anything else (a wildcard, a literal ARN) as a string. */
function resourceId(resource: unknown): string {
  const value = resource as { 'Fn::GetAtt'?: [string, string]; Ref?: string };
  if (value['Fn::GetAtt']) return value['Fn::GetAtt'][0];
  if (value.Ref) return value.Ref;
  return JSON.stringify(resource);
}

// One synth for the whole file: the template assertions and the cdk-nag annotations read the same app.
let bridge: SynthesisedBridge;
beforeAll(() => {
  bridge = synthesiseBridge('eu-central-1');
});

describe('Stack: BridgeStack', () => {

  /** Every (action, resource, via-service) a function's role is allowed, as sorted strings. */
  function grantsOf(key: FunctionKey): string[] {
    const roleId = bridge.logicalId(bridge.stack.functions[key]!.role);
    const policies = Object.values(bridge.template.findResources('AWS::IAM::Policy')).filter((policy) =>
      (policy.Properties.Roles as Array<{ Ref: string }>).some((role) => role.Ref === roleId),
    );
    return policies
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[])
      .flatMap((statement) => {
        expect(statement.Effect).toBe('Allow');
        const via = statement.Condition?.StringEquals?.['kms:ViaService'];
        const actions = [statement.Action].flat();
        const resources = [statement.Resource].flat();
        return actions.flatMap((action) => resources.map((resource) => `${action} ${resourceId(resource)}${via ? ` via ${via}` : ''}`));
      })
      .sort();
  }

  /** What the access table says the function may do, written out independently of the stack's code. */
  function expectedGrantsOf(key: FunctionKey): string[] {
    const access = FUNCTION_ACCESS[key];
    const { stack, logicalId } = bridge;
    const keyId = logicalId(stack.key);
    const via = (service: string) => `via ${service}.eu-central-1.amazonaws.com`;
    const grants: string[] = [];
    const fn = stack.functions[key]!;
    grants.push(`logs:CreateLogStream ${logicalId(fn.logGroup)}`, `logs:PutLogEvents ${logicalId(fn.logGroup)}`);
    if (access.table !== 'none') {
      grants.push(...TABLE_ACTIONS[access.table].map((action) => `${action} ${logicalId(stack.table)}`));
      const kms = access.table === 'read' ? ['kms:Decrypt', 'kms:DescribeKey'] : ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'];
      grants.push(...kms.map((action) => `${action} ${keyId} ${via('dynamodb')}`));
    }
    for (const target of access.sendsTo) grants.push(`sqs:SendMessage ${logicalId(stack.queues[target].queue)}`);
    const consumes = FUNCTIONS[key].consumes;
    if (consumes) {
      const own = stack.queues[consumes];
      grants.push(...CONSUME_ACTIONS.map((action) => `${action} ${logicalId(own.queue)}`));
      if (access.backsOffOnOwnQueue) grants.push(`sqs:ChangeMessageVisibility ${logicalId(own.queue)}`);
      if (access.deadLettersDirectly) grants.push(`sqs:SendMessage ${logicalId(own.deadLetterQueue)}`);
    }
    const sends = access.sendsTo.length > 0 || (consumes !== undefined && access.deadLettersDirectly);
    if (sends) grants.push(`kms:Decrypt ${keyId} ${via('sqs')}`, `kms:GenerateDataKey ${keyId} ${via('sqs')}`);
    else if (consumes) grants.push(`kms:Decrypt ${keyId} ${via('sqs')}`);
    if (access.readsSecret) grants.push(`secretsmanager:GetSecretValue ${logicalId(stack.secret)}`, `kms:Decrypt ${keyId} ${via('secretsmanager')}`);
    return grants.sort();
  }

  describe('Queues', () => {
    it('creates every queue of shared/resources.ts as FIFO, with its FIFO DLQ and the shared maxReceiveCount', () => {
      for (const key of QUEUE_KEYS) {
        const definition = QUEUES[key];
        bridge.template.hasResourceProperties('AWS::SQS::Queue', {
          QueueName: fifoQueueName(definition, `${PREFIX}-`),
          FifoQueue: true,
          VisibilityTimeout: definition.visibilityTimeoutSeconds,
          MessageRetentionPeriod: definition.retentionSeconds,
          RedrivePolicy: {
            deadLetterTargetArn: { 'Fn::GetAtt': [bridge.logicalId(bridge.stack.queues[key].deadLetterQueue), 'Arn'] },
            maxReceiveCount: definition.maxReceiveCount,
          },
        });
        bridge.template.hasResourceProperties('AWS::SQS::Queue', { QueueName: deadLetterQueueName(definition, `${PREFIX}-`), FifoQueue: true });
      }
      bridge.template.resourceCountIs('AWS::SQS::Queue', QUEUE_KEYS.length * 2);
    });

    it('encrypts every queue and DLQ with the customer-managed key', () => {
      const keyArn = { 'Fn::GetAtt': [bridge.logicalId(bridge.stack.key), 'Arn'] };
      for (const queue of Object.values(bridge.template.findResources('AWS::SQS::Queue'))) {
        expect(queue.Properties.KmsMasterKeyId).toEqual(keyArn);
      }
    });

    it('denies every request to every queue that does not use TLS', () => {
      const policies = Object.values(bridge.template.findResources('AWS::SQS::QueuePolicy'));
      const protectedQueues = policies.flatMap((policy) => {
        const denies = (policy.Properties.PolicyDocument.Statement as Statement[]).some(
          (statement) => statement.Effect === 'Deny' && (statement.Condition as { Bool?: Record<string, string> })?.Bool?.['aws:SecureTransport'] === 'false',
        );
        return denies ? (policy.Properties.Queues as Array<{ Ref: string }>).map((queue) => queue.Ref) : [];
      });
      expect(protectedQueues.sort()).toEqual(Object.keys(bridge.template.findResources('AWS::SQS::Queue')).sort());
    });

    it('feeds each consumer from its queue with partial batch failures and the shared batch size', () => {
      for (const key of FUNCTION_KEYS) {
        const consumes = FUNCTIONS[key].consumes;
        if (!consumes) continue;
        bridge.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
          FunctionName: { Ref: bridge.logicalId(bridge.stack.functions[key]!.function) },
          EventSourceArn: { 'Fn::GetAtt': [bridge.logicalId(bridge.stack.queues[consumes].queue), 'Arn'] },
          BatchSize: QUEUES[consumes].batchSize,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          ScalingConfig: { MaximumConcurrency: Match.anyValue() },
        });
      }
      bridge.template.resourceCountIs('AWS::Lambda::EventSourceMapping', FUNCTION_KEYS.filter((key) => FUNCTIONS[key].consumes).length);
    });
  });

  describe('Table, key and secret', () => {
    it('builds the table from TABLE with the key, point-in-time recovery, deletion protection and TTL, and retains it', () => {
      bridge.template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          KeySchema: [
            { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
            { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
          ],
          BillingMode: 'PAY_PER_REQUEST',
          SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [bridge.logicalId(bridge.stack.key), 'Arn'] } },
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
          TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
        },
      });
    });

    it('has exactly one customer-managed key, with rotation, retained, that CloudWatch Logs of this region may use', () => {
      bridge.template.resourceCountIs('AWS::KMS::Key', 1);
      bridge.template.hasResource('AWS::KMS::Key', {
        DeletionPolicy: 'Retain',
        Properties: {
          EnableKeyRotation: true,
          KeyPolicy: {
            Statement: Match.arrayWith([
              Match.objectLike({
                Principal: { Service: 'logs.eu-central-1.amazonaws.com' },
                Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
              }),
            ]),
          },
        },
      });
    });

    it('encrypts every log group with the key and sets its retention', () => {
      const keyArn = { 'Fn::GetAtt': [bridge.logicalId(bridge.stack.key), 'Arn'] };
      const logGroups = Object.values(bridge.template.findResources('AWS::Logs::LogGroup'));
      expect(logGroups).toHaveLength(FUNCTION_KEYS.length + 1);
      for (const logGroup of logGroups) {
        expect(logGroup.Properties.KmsKeyId).toEqual(keyArn);
        expect(logGroup.Properties.RetentionInDays).toBe(30);
      }
    });

    it('keeps the secrets in one KMS-encrypted secret, generated rather than written into the template', () => {
      bridge.template.resourceCountIs('AWS::SecretsManager::Secret', 1);
      bridge.template.hasResource('AWS::SecretsManager::Secret', {
        DeletionPolicy: 'Retain',
        Properties: {
          KmsKeyId: { 'Fn::GetAtt': [bridge.logicalId(bridge.stack.key), 'Arn'] },
          GenerateSecretString: { SecretStringTemplate: '{}', GenerateStringKey: 'PSEUDONYM_KEY' },
          SecretString: Match.absent(),
        },
      });
    });
  });

  describe('Functions', () => {
    it('builds every function of FUNCTIONS on Node.js 22, ARM64, with source maps, named after its definition', () => {
      for (const key of FUNCTION_KEYS) {
        bridge.template.hasResourceProperties('AWS::Lambda::Function', {
          FunctionName: `${PREFIX}-${FUNCTIONS[key].name}`,
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          Environment: { Variables: Match.objectLike({ NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: FUNCTIONS[key].name }) },
        });
      }
      bridge.template.resourceCountIs('AWS::Lambda::Function', FUNCTION_KEYS.length);
    });

    it('passes the secret ARN to the functions that read it, and no secret value to any function', () => {
      for (const key of FUNCTION_KEYS) {
        const fn = bridge.template.findResources('AWS::Lambda::Function')[bridge.logicalId(bridge.stack.functions[key]!.function)];
        const variables = fn?.Properties.Environment.Variables as Record<string, unknown>;
        for (const name of SECRET_NAMES) expect(variables, `${key} must not carry ${name}`).not.toHaveProperty(name);
        if (FUNCTION_ACCESS[key].readsSecret) expect(variables.BRIDGE_SECRET_ARN).toEqual({ Ref: bridge.logicalId(bridge.stack.secret) });
        else expect(variables).not.toHaveProperty('BRIDGE_SECRET_ARN');
      }
    });

    it('gives each function the URLs of exactly the queues it may send to, and its own DLQ when it dead-letters directly', () => {
      const variablesOf = (key: FunctionKey) =>
        bridge.template.findResources('AWS::Lambda::Function')[bridge.logicalId(bridge.stack.functions[key]!.function)]?.Properties.Environment.Variables as Record<string, unknown>;
      expect(Object.keys(variablesOf('webhookIngest')).filter((name) => name.endsWith('_URL'))).toEqual([QUEUES.inbound.urlEnv]);
      expect(variablesOf('crmForwarder')[deadLetterUrlEnv(QUEUES.crmPush)]).toEqual({ Ref: bridge.logicalId(bridge.stack.queues.crmPush.deadLetterQueue) });
      expect(variablesOf('crmForwarder').CRM_WEBHOOK_URL).toEqual({ Ref: 'CrmWebhookUrl' });
      expect(variablesOf('replySender').GRAPH_API_BASE_URL).toBe('https://graph.facebook.com');
    });

    it.each(FUNCTION_KEYS)("grants %s's role exactly what the access table lists, and nothing else", (key) => {
      expect(grantsOf(key)).toEqual(expectedGrantsOf(key));
    });

    it('grants no wildcard action or resource and attaches no managed policy to any function role', () => {
      for (const key of FUNCTION_KEYS) {
        for (const grant of grantsOf(key)) expect(grant).not.toMatch(/\*|"/);
        const role = bridge.template.findResources('AWS::IAM::Role')[bridge.logicalId(bridge.stack.functions[key]!.role)];
        expect(role?.Properties.ManagedPolicyArns).toBeUndefined();
      }
    });

    it('keeps the webhook edge away from the table and the secret away from the processor (spot checks of the table)', () => {
      expect(grantsOf('webhookIngest').some((grant) => grant.startsWith('dynamodb:'))).toBe(false);
      expect(grantsOf('conversationProcessor').some((grant) => grant.startsWith('secretsmanager:'))).toBe(false);
      expect(grantsOf('crmForwarder')).toContain(`sqs:ChangeMessageVisibility ${bridge.logicalId(bridge.stack.queues.crmPush.queue)}`);
      expect(grantsOf('replySender')).toContain(`sqs:ChangeMessageVisibility ${bridge.logicalId(bridge.stack.queues.outbound.queue)}`);
      expect(grantsOf('conversationProcessor').some((grant) => grant.startsWith('sqs:ChangeMessageVisibility'))).toBe(false);
    });
  });

  describe('HTTP API', () => {
    it('has a route for every entry of API_ROUTES, on its function', () => {
      for (const route of API_ROUTES) {
        bridge.template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: `${route.method} ${route.path}`, AuthorizationType: 'NONE' });
      }
      bridge.template.resourceCountIs('AWS::ApiGatewayV2::Route', API_ROUTES.length);
    });

    it('throttles the default stage and writes access logs without bodies, IPs or raw paths', () => {
      const [stage] = Object.values(bridge.template.findResources('AWS::ApiGatewayV2::Stage'));
      expect(stage?.Properties).toMatchObject({
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      });
      const format = stage?.Properties.AccessLogSettings.Format as string;
      expect(JSON.parse(format)).toHaveProperty('requestId', '$context.requestId');
      expect(format).not.toMatch(/body|sourceIp|identity|\$context\.path|requestOverride|authorizer/i);
    });
  });

  describe('Observability', () => {
    const alarmsOn = (metricName: string) =>
      Object.values(bridge.template.findResources('AWS::CloudWatch::Alarm')).filter((alarm) => alarm.Properties.MetricName === metricName);

    it('alarms on the depth of every DLQ at the first dead letter', () => {
      const alarms = alarmsOn('ApproximateNumberOfMessagesVisible');
      const watched = alarms.map((alarm) => (alarm.Properties.Dimensions as Array<{ Value: unknown }>)[0]?.Value);
      expect(watched).toEqual(
        expect.arrayContaining(QUEUE_KEYS.map((key) => ({ 'Fn::GetAtt': [bridge.logicalId(bridge.stack.queues[key].deadLetterQueue), 'QueueName'] }))),
      );
      for (const alarm of alarms) expect(alarm.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
      expect(alarms).toHaveLength(QUEUE_KEYS.length);
    });

    it('alarms on the age of the oldest message of every queue and on the errors of every function', () => {
      expect(alarmsOn('ApproximateAgeOfOldestMessage')).toHaveLength(QUEUE_KEYS.length);
      const errorAlarms = alarmsOn('Errors');
      expect(errorAlarms.map((alarm) => (alarm.Properties.Dimensions as Array<{ Value: unknown }>)[0]?.Value)).toEqual(
        expect.arrayContaining(FUNCTION_KEYS.map((key) => ({ Ref: bridge.logicalId(bridge.stack.functions[key]!.function) }))),
      );
      expect(errorAlarms).toHaveLength(FUNCTION_KEYS.length);
    });

    it('sends every alarm to the encrypted alarm topic', () => {
      bridge.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
      for (const alarm of Object.values(bridge.template.findResources('AWS::CloudWatch::Alarm'))) {
        expect(alarm.Properties.AlarmActions).toHaveLength(1);
      }
    });

    it('has a dashboard of the flow that graphs every business metric and every DLQ', () => {
      const [dashboard] = Object.values(bridge.template.findResources('AWS::CloudWatch::Dashboard'));
      const body = JSON.stringify(dashboard?.Properties.DashboardBody);
      for (const metric of Object.values(BRIDGE_METRICS)) expect(body).toContain(`MetricName=\\\\\\"${metric}\\\\\\"`);
      for (const title of ['Webhooks in', 'Events processed', 'CRM deliveries', 'Replies', 'Consent', 'Dead-letter queue depths']) expect(body).toContain(title);
    });
  });
});

describe('Aspect: cdk-nag AwsSolutions checks', () => {
  it('synthesises in eu-central-1 with zero unsuppressed errors or warnings', () => {
    const annotations = Annotations.fromStack(bridge.stack);
    const errors = annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    const warnings = annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'));

    expect(errors.map((error) => `${error.id}: ${String(error.entry.data).slice(0, 120)}`)).toEqual([]);
    expect(warnings.map((warning) => `${warning.id}: ${String(warning.entry.data).slice(0, 120)}`)).toEqual([]);
    expect(bridge.stack.region).toBe('eu-central-1');
  });

  it('suppresses only the reviewed rules, each on single resources and with a written reason', () => {
    const suppressions = Object.entries(bridge.template.toJSON().Resources as Record<string, { Metadata?: { cdk_nag?: { rules_to_suppress: Array<{ id: string; reason: string }> } } }>)
      .flatMap(([logicalId, resource]) => (resource.Metadata?.cdk_nag?.rules_to_suppress ?? []).map((rule) => ({ logicalId, ...rule })));

    expect(new Set(suppressions.map((rule) => rule.id))).toEqual(new Set(['AwsSolutions-APIG4', 'AwsSolutions-SMG4', 'AwsSolutions-L1']));
    for (const rule of suppressions) expect(rule.reason.length, `${rule.id} on ${rule.logicalId}`).toBeGreaterThan(80);
    expect(suppressions.filter((rule) => rule.id === 'AwsSolutions-APIG4')).toHaveLength(API_ROUTES.length);
    expect(suppressions.filter((rule) => rule.id === 'AwsSolutions-L1')).toHaveLength(FUNCTION_KEYS.length);
  });
});
