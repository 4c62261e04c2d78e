import { CfnOutput, CfnParameter, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal, type IRole } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { EventSourceMapping } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { DeduplicationScope, FifoThroughputLimit, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { SECRET_ARN_ENV } from '../shared/lambda/runtime.js';
import {
  API_ROUTES,
  deadLetterQueueName,
  fifoQueueName,
  FUNCTIONS,
  QUEUES,
  SECRET_NAMES,
  TABLE,
  type FunctionKey,
  type QueueDefinition,
  type QueueKey,
} from '../shared/resources.js';
import { BridgeFunction } from './bridge-function.js';
import { BridgeDashboard } from './dashboard.js';
import type { DeploymentConfig } from './deployment-config.js';
import { CONSUME_ACTIONS, FUNCTION_ACCESS, TABLE_ACTIONS } from './function-access.js';
import { CONSUMER_DEFAULTS, FUNCTION_DEFAULTS } from './function-defaults.js';
import { applyNagSuppressions, suppressRouteAuthorization } from './nag-suppressions.js';
import { ALARM_DEFAULTS } from './observability-defaults.js';
import { assertEuRegion } from './region-guard.js';

export interface BridgeStackProps extends StackProps {
  readonly config: DeploymentConfig;
  /** Repository root (entries in `shared/resources.ts` are relative to it). */
  readonly projectRoot: string;
}

/** The environment variable carrying a queue's DLQ URL, e.g. `CRM_PUSH_DLQ_URL`. */
export function deadLetterUrlEnv(queue: QueueDefinition): string {
  return queue.urlEnv.replace(/_QUEUE_URL$/, '_DLQ_URL');
}

/** A FIFO queue and its dead-letter queue. */
export interface BridgeQueue {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
}

/**
 * The whole bridge in one stack: the table and queues of `shared/resources.ts`, one function per
 * `FUNCTIONS` entry with the grants of `FUNCTION_ACCESS`, the HTTP API of `API_ROUTES`, one
 * customer-managed key for everything at rest, one secret, alarms and a dashboard.
 *
 * @throws RegionNotAllowedError when the stack's region is not an allowed EU region.
 */
export class BridgeStack extends Stack {
  public readonly key: Key;
  public readonly table: Table;
  public readonly queues: Readonly<Record<QueueKey, BridgeQueue>>;
  public readonly secret: Secret;
  public readonly functions: Partial<Record<FunctionKey, BridgeFunction>>;
  public readonly api: HttpApi;
  public readonly alarms: Alarm[] = [];

  public constructor(scope: Construct, id: string, props: BridgeStackProps) {
    super(scope, id, props);
    const { config } = props;
    // First, before anything is built: personal data must not leave the EU.
    const region = assertEuRegion(props.env?.region ?? this.region, config.allowedRegions);
    const prefix = config.namePrefix;
    const logRetention = toRetentionDays(config.logRetentionDays);

    this.key = new Key(this, 'Key', {
      alias: `alias/${prefix}`,
      description: `${prefix}: encrypts the table, queues, dead-letter queues, logs, secret and alarm topic`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      // Retained: deleting it would make the retained table and any backup unreadable.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchLogsOfThisAccount',
        principals: [new ServicePrincipal(`logs.${region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${region}:${this.account}:log-group:*` } },
      }),
    );
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublishToTheEncryptedTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );

    this.table = new Table(this, 'Table', {
      tableName: `${prefix}-${TABLE.logicalName}`,
      partitionKey: { name: TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: AttributeType.STRING },
      timeToLiveAttribute: TABLE.ttlAttribute,
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // Retained: consent receipts and erasure tombstones are the controller's proof (Art. 7(1), 17).
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const queues = {} as Record<QueueKey, BridgeQueue>;
    for (const definition of Object.values(QUEUES)) {
      const shared = {
        fifo: true,
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: this.key,
        dataKeyReuse: Duration.minutes(5),
        enforceSSL: true,
        retentionPeriod: Duration.seconds(definition.retentionSeconds),
        // High-throughput FIFO: ordering and deduplication per contact, not across the queue.
        deduplicationScope: DeduplicationScope.MESSAGE_GROUP,
        fifoThroughputLimit: FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      };
      const deadLetterQueue = new Queue(this, `${capitalise(definition.key)}DeadLetterQueue`, {
        ...shared,
        queueName: deadLetterQueueName(definition, `${prefix}-`),
      });
      const queue = new Queue(this, `${capitalise(definition.key)}Queue`, {
        ...shared,
        queueName: fifoQueueName(definition, `${prefix}-`),
        visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: definition.maxReceiveCount },
      });
      queues[definition.key] = { queue, deadLetterQueue };
    }
    this.queues = queues;

    this.secret = new Secret(this, 'Secret', {
      secretName: `${prefix}/secrets`,
      description: `${prefix}: one JSON object with the keys ${SECRET_NAMES.join(', ')}`,
      encryptionKey: this.key,
      // Only the pseudonym key is generated (randomly, at deploy time, never in the template);
      // the operator merges the others in (README, "Deploy to AWS").
      generateSecretString: {
        secretStringTemplate: JSON.stringify({}),
        generateStringKey: 'PSEUDONYM_KEY',
        passwordLength: 64,
        excludePunctuation: true,
      },
      // Retained: a new pseudonym key would give every contact a new id.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const crmWebhookUrl =
      config.crmWebhookUrl ??
      new CfnParameter(this, 'CrmWebhookUrl', {
        type: 'String',
        description: 'HTTPS endpoint of the CRM that receives the signed webhooks',
        allowedPattern: '^https://.+',
        constraintDescription: 'must be an https:// URL',
      }).valueAsString;
    const endpointEnvironment: Partial<Record<FunctionKey, Record<string, string>>> = {
      crmForwarder: { CRM_WEBHOOK_URL: crmWebhookUrl },
      replySender: { GRAPH_API_BASE_URL: config.graphApiBaseUrl },
    };

    const functions: Partial<Record<FunctionKey, BridgeFunction>> = {};
    for (const definition of Object.values(FUNCTIONS)) {
      const access = FUNCTION_ACCESS[definition.key];
      const ownQueue = definition.consumes ? queues[definition.consumes] : undefined;
      const ownQueueDefinition = definition.consumes ? QUEUES[definition.consumes] : undefined;
      const environment: Record<string, string> = { ...endpointEnvironment[definition.key] };
      if (access.table !== 'none') environment.TABLE_NAME = this.table.tableName;
      for (const target of access.sendsTo) environment[QUEUES[target].urlEnv] = queues[target].queue.queueUrl;
      if (access.readsSecret) environment[SECRET_ARN_ENV] = this.secret.secretArn;
      if (ownQueue && ownQueueDefinition && access.backsOffOnOwnQueue) environment[ownQueueDefinition.urlEnv] = ownQueue.queue.queueUrl;
      if (ownQueue && ownQueueDefinition && access.deadLettersDirectly) environment[deadLetterUrlEnv(ownQueueDefinition)] = ownQueue.deadLetterQueue.queueUrl;

      if (ownQueueDefinition && FUNCTION_DEFAULTS.consumerTimeout.toSeconds() * 2 > ownQueueDefinition.visibilityTimeoutSeconds) {
        throw new Error(`queue ${ownQueueDefinition.name}: visibility timeout must be at least twice the consumer's timeout`);
      }
      const bridgeFunction = new BridgeFunction(this, `${capitalise(definition.key)}`, {
        definition,
        projectRoot: props.projectRoot,
        namePrefix: prefix,
        encryptionKey: this.key,
        logRetention,
        environment,
        timeout: definition.consumes ? FUNCTION_DEFAULTS.consumerTimeout : FUNCTION_DEFAULTS.httpTimeout,
        bundleAwsSdk: config.bundleAwsSdk,
        ...(config.bridgeConfigFile ? { bridgeConfigFile: config.bridgeConfigFile } : {}),
      });
      functions[definition.key] = bridgeFunction;
      const role = bridgeFunction.role;

      if (access.table !== 'none') {
        role.addToPrincipalPolicy(new PolicyStatement({ actions: [...TABLE_ACTIONS[access.table]], resources: [this.table.tableArn] }));
        this.grantKeyVia(role, 'dynamodb', access.table === 'read' ? KEY_READ : KEY_READ_WRITE);
      }
      if (access.sendsTo.length > 0) {
        role.addToPrincipalPolicy(
          new PolicyStatement({ actions: ['sqs:SendMessage'], resources: access.sendsTo.map((target) => queues[target].queue.queueArn) }),
        );
      }
      if (ownQueue) {
        const actions: string[] = [...CONSUME_ACTIONS];
        if (access.backsOffOnOwnQueue) actions.push('sqs:ChangeMessageVisibility');
        role.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [ownQueue.queue.queueArn] }));
        if (access.deadLettersDirectly) {
          role.addToPrincipalPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [ownQueue.deadLetterQueue.queueArn] }));
        }
      }
      if (access.sendsTo.length > 0 || (ownQueue && access.deadLettersDirectly)) this.grantKeyVia(role, 'sqs', KEY_SQS_SEND);
      else if (ownQueue) this.grantKeyVia(role, 'sqs', KEY_SQS_RECEIVE);
      if (access.readsSecret) {
        role.addToPrincipalPolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [this.secret.secretArn] }));
        this.grantKeyVia(role, 'secretsmanager', ['kms:Decrypt']);
      }

      if (ownQueue && ownQueueDefinition) {
        const mapping = new EventSourceMapping(this, `${capitalise(definition.key)}EventSource`, {
          target: bridgeFunction.function,
          eventSourceArn: ownQueue.queue.queueArn,
          batchSize: ownQueueDefinition.batchSize,
          reportBatchItemFailures: true,
          maxConcurrency: CONSUMER_DEFAULTS.maxConcurrency,
        });
        // Lambda checks the role's permissions when the mapping is created.
        mapping.node.addDependency(role);
      }
    }
    this.functions = functions;

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      logGroupName: `/aws/apigateway/${prefix}`,
      retention: logRetention,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api = new HttpApi(this, 'Api', {
      apiName: prefix,
      description: `${prefix}: WhatsApp webhook, replies and privacy API`,
      createDefaultStage: false,
    });
    new HttpStage(this, 'ApiStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.apiRateLimit, burstLimit: config.apiBurstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // No bodies, no source IP, no raw path (it carries contact ids): the route template instead.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationStatus: '$context.integrationStatus',
            integrationLatency: '$context.integrationLatency',
            errorType: '$context.error.responseType',
          }),
        ),
      },
    });
    const integrations = new Map<FunctionKey, HttpLambdaIntegration>();
    for (const route of API_ROUTES) {
      const target = functions[route.function];
      if (!target) throw new Error(`route ${route.method} ${route.path} targets "${route.function}", which is not in FUNCTIONS`);
      if (FUNCTIONS[route.function].consumes) throw new Error(`route ${route.method} ${route.path} targets the queue consumer "${route.function}"`);
      let integration = integrations.get(route.function);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${capitalise(route.function)}Integration`, target.function);
        integrations.set(route.function, integration);
      }
      for (const httpRoute of this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration })) {
        suppressRouteAuthorization(httpRoute, route.function);
      }
    }

    const alarmTopic = new Topic(this, 'AlarmTopic', {
      topicName: `${prefix}-alarms`,
      masterKey: this.key,
      enforceSSL: true,
    });
    if (config.alarmEmail) alarmTopic.addSubscription(new EmailSubscription(config.alarmEmail));
    const alarmAction = new SnsAction(alarmTopic);
    const addAlarm = (alarm: Alarm): void => {
      alarm.addAlarmAction(alarmAction);
      this.alarms.push(alarm);
    };
    for (const [key, { queue, deadLetterQueue }] of Object.entries(queues) as [QueueKey, BridgeQueue][]) {
      addAlarm(
        new Alarm(this, `${capitalise(key)}DeadLetterAlarm`, {
          alarmName: `${prefix}-${QUEUES[key].name}-dead-letters`,
          alarmDescription: `Messages in ${deadLetterQueueName(QUEUES[key])}: inspect with npm run dlq, fix, redrive`,
          metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
          threshold: ALARM_DEFAULTS.deadLetterDepth,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
      addAlarm(
        new Alarm(this, `${capitalise(key)}OldestMessageAlarm`, {
          alarmName: `${prefix}-${QUEUES[key].name}-oldest-message`,
          alarmDescription: `The oldest message in ${fifoQueueName(QUEUES[key])} waits longer than ${ALARM_DEFAULTS.oldestMessageSeconds[key]} s: its consumer is failing or too slow`,
          metric: queue.metricApproximateAgeOfOldestMessage({ period: ALARM_DEFAULTS.period, statistic: 'Maximum' }),
          threshold: ALARM_DEFAULTS.oldestMessageSeconds[key],
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    for (const [key, bridgeFunction] of Object.entries(functions) as [FunctionKey, BridgeFunction][]) {
      addAlarm(
        new Alarm(this, `${capitalise(key)}ErrorsAlarm`, {
          alarmName: `${prefix}-${FUNCTIONS[key].name}-errors`,
          alarmDescription: `${FUNCTIONS[key].name} threw (wiring, configuration or an unhandled failure): read its log group`,
          metric: bridgeFunction.function.metricErrors({ period: ALARM_DEFAULTS.period, statistic: 'Sum' }),
          threshold: ALARM_DEFAULTS.functionErrors,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    addAlarm(
      new Alarm(this, 'ApiServerErrorsAlarm', {
        alarmName: `${prefix}-api-5xx`,
        alarmDescription: 'The HTTP API answered 5xx: Meta retries webhooks, but a pattern means a dependency is down',
        metric: this.api.metricServerError({ period: ALARM_DEFAULTS.period, statistic: 'Sum' }),
        threshold: ALARM_DEFAULTS.apiServerErrors,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    new BridgeDashboard(this, 'Dashboard', { dashboardName: prefix, api: this.api, queues, functions });

    new CfnOutput(this, 'WebhookUrl', { value: `${this.api.apiEndpoint}/webhook`, description: 'Callback URL to register in the Meta App Dashboard' });
    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'SecretArn', { value: this.secret.secretArn, description: 'Merge the secrets into this JSON secret' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarmTopic.topicArn });

    applyNagSuppressions({ secret: this.secret, functions });
  }

  /** Lets a role use the key only through one service (`kms:ViaService`), never directly. */
  private grantKeyVia(role: IRole, service: 'dynamodb' | 'sqs' | 'secretsmanager', actions: readonly string[]): void {
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [...actions],
        resources: [this.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `${service}.${this.region}.amazonaws.com` } },
      }),
    );
  }
}

/** KMS actions DynamoDB performs for a reader and a writer of a CMK-encrypted table. */
const KEY_READ = ['kms:Decrypt', 'kms:DescribeKey'];
const KEY_READ_WRITE = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'];
/** SQS: producers need a data key and Decrypt (to reuse it); consumers only Decrypt. */
const KEY_SQS_SEND = ['kms:GenerateDataKey', 'kms:Decrypt'];
const KEY_SQS_RECEIVE = ['kms:Decrypt'];

function capitalise(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}

function toRetentionDays(days: number): RetentionDays {
  const allowed = Object.values(RetentionDays).filter((value): value is RetentionDays => typeof value === 'number');
  if (!allowed.includes(days as RetentionDays)) {
    throw new Error(`logRetentionDays must be one of CloudWatch's values (${allowed.filter((value) => value > 0).join(', ')}), got ${days}`);
  }
  return days as RetentionDays;
}
