import type { SecretSource } from '../lambda/runtime.js';
import { ConfigurationError, DependencyUnavailableError } from '../errors.js';
import type { SecretName } from '../resources.js';

/** SDK errors that retrying will not fix: the deployment (ARN, key policy, grant) is wrong. */
const CONFIGURATION_FAILURES = new Set([
  'AccessDeniedException',
  'ResourceNotFoundException',
  'DecryptionFailure',
  'InvalidRequestException',
]);

/** Fetches the string value of a Secrets Manager secret; rejects with the SDK's error. */
export type ReadSecretString = (secretId: string) => Promise<string | undefined>;

/**
 * A {@link ReadSecretString} over the AWS SDK, loaded on the first read rather than at module
 * import: the SDK's import is most of a function's init time, and functions that read no secret
 * never load this client.
 */
export function sdkSecretReader(): ReadSecretString {
  let read: Promise<ReadSecretString> | undefined;
  return async (secretId) => {
    read ??= import('@aws-sdk/client-secrets-manager').then(
      ({ SecretsManagerClient, GetSecretValueCommand }) => {
        const client = new SecretsManagerClient({});
        return async (id: string) => (await client.send(new GetSecretValueCommand({ SecretId: id }))).SecretString;
      },
      (error: unknown) => {
        read = undefined;
        throw error;
      },
    );
    return (await read)(secretId);
  };
}

/**
 * The bridge's secrets in the cloud: one Secrets Manager secret whose value is a JSON object
 * keyed by {@link SecretName}s. It is read once, on the first `get` of an execution environment,
 * and cached for the environment's life; a failed read is not cached, so the next wiring retries.
 * Error messages name the secret's ARN and the missing key, never a value.
 *
 * @example
 * const secrets = new SecretsManagerSecrets(sdkSecretReader(), env.BRIDGE_SECRET_ARN);
 * const appSecret = await secrets.get('WHATSAPP_APP_SECRET');
 */
export class SecretsManagerSecrets implements SecretSource {
  private values: Promise<Readonly<Record<string, unknown>>> | undefined;

  public constructor(
    private readonly readSecretString: ReadSecretString,
    private readonly secretArn: string,
  ) {}

  /**
   * @throws ConfigurationError when the secret cannot be read for good (access denied, not found,
   *   not a JSON object) or lacks the key; DependencyUnavailableError when Secrets Manager fails.
   */
  public async get(name: SecretName): Promise<string> {
    this.values ??= this.load().catch((error: unknown) => {
      this.values = undefined;
      throw error;
    });
    const value = (await this.values)[name];
    if (typeof value !== 'string' || value === '') {
      throw new ConfigurationError(`secret ${name} is not set (a non-empty string) in the Secrets Manager secret ${this.secretArn}`);
    }
    return value;
  }

  private async load(): Promise<Readonly<Record<string, unknown>>> {
    let text: string | undefined;
    try {
      text = await this.readSecretString(this.secretArn);
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (CONFIGURATION_FAILURES.has(name)) {
        throw new ConfigurationError(`cannot read the Secrets Manager secret ${this.secretArn}: ${name}`, { cause: error });
      }
      throw new DependencyUnavailableError(`Secrets Manager did not answer for ${this.secretArn}`, { code: 'secrets_unavailable', cause: error });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text ?? '');
    } catch {
      // No cause: a JSON parse error quotes the text it choked on, which is secret material.
      throw new ConfigurationError(`the Secrets Manager secret ${this.secretArn} is not a JSON object of strings`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ConfigurationError(`the Secrets Manager secret ${this.secretArn} is not a JSON object of strings`);
    }
    return parsed as Record<string, unknown>;
  }
}
