import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { RemovalPolicy, Stack, type Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionDefinition } from '../shared/resources.js';
import { bundledAwsSdkOptions, cdkBundlingOptions } from './bundling-defaults.js';
import { FUNCTION_DEFAULTS } from './function-defaults.js';

/** Where the bundled configuration file lands inside the Lambda package. */
export const BUNDLED_CONFIG_PATH = '/var/task/bridge-config.json';

export interface BridgeFunctionProps {
  /** The function's definition from `shared/resources.ts` (name, entry). */
  readonly definition: FunctionDefinition;
  /** Repository root; entries are relative to it. */
  readonly projectRoot: string;
  /** Resource name prefix; the function is named `<prefix>-<definition.name>`. */
  readonly namePrefix: string;
  /** Customer-managed key of the function's log group. */
  readonly encryptionKey: IKey;
  readonly logRetention: RetentionDays;
  /** Environment variables: names, URLs and ARNs only, never secret values. */
  readonly environment: Readonly<Record<string, string>>;
  /** @default FUNCTION_DEFAULTS.httpTimeout */
  readonly timeout?: Duration;
  /** @default FUNCTION_DEFAULTS.memorySize */
  readonly memorySize?: number;
  /** Bundle the pinned AWS SDK instead of using the runtime's (see BUNDLE_DEFAULTS). @default false */
  readonly bundleAwsSdk?: boolean;
  /** A BRIDGE_CONFIG file (absolute or relative to the root) copied into the bundle. @default none: the defaults apply */
  readonly bridgeConfigFile?: string;
}

/**
 * A bridge Lambda with the house defaults: Node.js 22 on ARM64, ESM bundled locally by esbuild
 * (never Docker), source maps on, its own KMS-encrypted log group with retention, and its own
 * role that starts with nothing but writing to that log group (no managed policy): the stack
 * adds exactly the grants of the access table.
 *
 * @throws Error naming the entry file when it does not exist and the stack is being bundled.
 */
export class BridgeFunction extends Construct {
  public readonly function: NodejsFunction;
  public readonly role: Role;
  public readonly logGroup: LogGroup;

  public constructor(scope: Construct, id: string, props: BridgeFunctionProps) {
    super(scope, id);
    const { definition } = props;
    const functionName = `${props.namePrefix}-${definition.name}`;
    const entry = resolveEntry(this, props.projectRoot, definition);

    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: props.logRetention,
      encryptionKey: props.encryptionKey,
      // Logs are operational, not proof: they go with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${functionName}: its log group plus the grants of infra/function-access.ts`,
    });
    this.logGroup.grantWrite(this.role);

    const environment: Record<string, string> = {
      NODE_OPTIONS: '--enable-source-maps',
      LOG_LEVEL: FUNCTION_DEFAULTS.logLevel,
      POWERTOOLS_SERVICE_NAME: definition.name,
      ...props.environment,
    };
    const sdk: Partial<BundlingOptions> = props.bundleAwsSdk ? bundledAwsSdkOptions() : {};
    let bundling: BundlingOptions = cdkBundlingOptions(sdk);
    if (props.bridgeConfigFile) {
      const configFile = isAbsolute(props.bridgeConfigFile) ? props.bridgeConfigFile : resolve(props.projectRoot, props.bridgeConfigFile);
      environment.BRIDGE_CONFIG = BUNDLED_CONFIG_PATH;
      bundling = cdkBundlingOptions({
        ...sdk,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) => [`cp "${configFile}" "${join(outputDir, 'bridge-config.json')}"`],
        },
      });
    }

    this.function = new NodejsFunction(this, 'Function', {
      functionName,
      entry,
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: join(props.projectRoot, 'package-lock.json'),
      runtime: FUNCTION_DEFAULTS.runtime,
      architecture: FUNCTION_DEFAULTS.architecture,
      memorySize: props.memorySize ?? FUNCTION_DEFAULTS.memorySize,
      timeout: props.timeout ?? FUNCTION_DEFAULTS.httpTimeout,
      role: this.role,
      logGroup: this.logGroup,
      environment,
      bundling,
    });
    // The role's log grant must exist before the function can write its first line.
    this.function.node.addDependency(this.role);
  }
}

/**
 * The entry file of a definition. When the stack is bundled (`cdk synth`, `cdk deploy`), a missing
 * entry stops the synth with the file's name. When bundling is skipped (unit tests, with
 * `aws:cdk:bundling-stacks: []`), functions whose code lives on another branch still synthesise,
 * from a stand-in entry, so the template's shape can be tested.
 */
function resolveEntry(scope: Construct, projectRoot: string, definition: FunctionDefinition): string {
  const entry = resolve(projectRoot, definition.entry);
  if (existsSync(entry)) return entry;
  if (Stack.of(scope).bundlingRequired) {
    throw new Error(
      `entry file ${definition.entry} of function "${definition.name}" (FUNCTIONS.${definition.key} in shared/resources.ts) does not exist: ` +
        'add the handler or remove the definition',
    );
  }
  return resolve(projectRoot, 'infra', 'unbundled-entry.ts');
}

