import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { SecretsManagerSecrets, sdkSecretReader, type ReadSecretString } from '../adapters/secrets-manager-secrets.js';
import type { BridgeConfig } from '../config/bridge-config.js';
import type { Clock, Log, Metrics } from '../domain/ports.js';
import { PowertoolsMetricsAdapter } from '../adapters/powertools-metrics.js';
import { systemClock } from '../domain/ports.js';
import { ConfigurationError } from '../errors.js';
import { createPowertoolsLog } from '../logging.js';
import type { SecretName } from '../resources.js';

/** Where secrets come from: environment variables locally, Secrets Manager in the cloud. */
export interface SecretSource {
  /** @throws ConfigurationError when the secret is not set. */
  get(name: SecretName): Promise<string>;
}

/** Reads secrets from environment variables of the same name (local stack, tests). */
export function environmentSecrets(env: Readonly<Record<string, string | undefined>>): SecretSource {
  return {
    get: async (name) => {
      const value = env[name];
      if (value === undefined || value === '') {
        throw new ConfigurationError(`secret ${name} is not set`);
      }
      return value;
    },
  };
}

/** Everything a function's wiring needs from its environment, built once per process. */
export interface Runtime {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly secrets: SecretSource;
  readonly clock: Clock;
  /** The validated BRIDGE_CONFIG, loaded once. */
  config(): BridgeConfig;
  log(service: string): Log;
  /** Business counters of a function (see BRIDGE_METRICS). */
  metrics(service: string): Metrics;
  dynamoDb(): DynamoDBClient;
  sqs(): SQSClient;
}

/** The value of a required environment variable. @throws ConfigurationError naming it. */
export function requireEnv(runtime: Pick<Runtime, 'env'>, name: string): string {
  const value = runtime.env[name];
  if (value === undefined || value === '') {
    throw new ConfigurationError(`environment variable ${name} is required`);
  }
  return value;
}

/** An optional integer environment variable. @throws ConfigurationError when it is not a positive integer. */
export function readIntegerEnv(runtime: Pick<Runtime, 'env'>, name: string, fallback: number): number {
  const raw = runtime.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new ConfigurationError(`environment variable ${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}

function memoize<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= create());
}

/** Environment variable carrying the ARN of the one Secrets Manager secret (set by the CDK app). */
export const SECRET_ARN_ENV = 'BRIDGE_SECRET_ARN';

/**
 * Where a function's secrets come from: the Secrets Manager secret named by `BRIDGE_SECRET_ARN`
 * when it is set (the cloud: only the ARN is in the environment, the values are read once at cold
 * start), else environment variables of the same names (local stack, tests).
 */
export function selectSecretSource(
  env: Readonly<Record<string, string | undefined>>,
  createReader: () => ReadSecretString = sdkSecretReader,
): SecretSource {
  const secretArn = env[SECRET_ARN_ENV];
  return secretArn ? new SecretsManagerSecrets(createReader(), secretArn) : environmentSecrets(env);
}

/**
 * The SDK clients a function uses, built on first use. Each handler names only its own, so a
 * function never loads an SDK package it does not call (loading one costs tens of milliseconds
 * of cold start: webhook-ingest, which Meta waits on, needs SQS only).
 */
export interface AwsClientFactories {
  readonly dynamoDb?: () => DynamoDBClient;
  readonly sqs?: () => SQSClient;
}

/**
 * What {@link lambdaEntry} builds a deployed function's runtime from: its SDK clients and, for a
 * function that reads BRIDGE_CONFIG, the loader (`loadBridgeConfig`). The loader is passed in
 * rather than imported here because importing it constructs every configuration schema (consent
 * sections, notices, CRM retries): milliseconds of module init that webhook-ingest, which reads
 * no configuration, would pay on every cold start.
 */
export interface RuntimeFactories extends AwsClientFactories {
  readonly config?: (env: Readonly<Record<string, string | undefined>>) => BridgeConfig;
}

function notProvided(what: string): never {
  throw new ConfigurationError(`this function was not given a ${what} (see its lambdaEntry)`);
}

/** The runtime of a deployed function: SDK clients from the Lambda environment, Powertools logs. */
export function createLambdaRuntime(env: Readonly<Record<string, string | undefined>> = process.env, factories: RuntimeFactories = {}): Runtime {
  return {
    env,
    secrets: selectSecretSource(env),
    clock: systemClock,
    config: memoize(() => (factories.config ?? (() => notProvided('BRIDGE_CONFIG loader')))(env)),
    log: createPowertoolsLog,
    metrics: (service) => new PowertoolsMetricsAdapter(service),
    dynamoDb: memoize(() => (factories.dynamoDb ?? (() => notProvided('DynamoDB client')))()),
    sqs: memoize(() => (factories.sqs ?? (() => notProvided('SQS client')))()),
  };
}

/**
 * A Lambda entry point that wires its handler once, on first use, and reuses it: secrets and
 * clients are fetched once per execution environment, and a wiring failure (bad configuration)
 * surfaces on every invocation with its message rather than crashing the module import.
 */
export function lambdaEntry<TEvent, TResult>(
  wire: (runtime: Runtime) => Promise<(event: TEvent, context: Context) => Promise<TResult>>,
  factories: RuntimeFactories = {},
): (event: TEvent, context: Context) => Promise<TResult> {
  let wired: Promise<(event: TEvent, context: Context) => Promise<TResult>> | undefined;
  return async (event, context) => {
    wired ??= wire(createLambdaRuntime(process.env, factories)).catch((error: unknown) => {
      wired = undefined;
      throw error;
    });
    return (await wired)(event, context);
  };
}
