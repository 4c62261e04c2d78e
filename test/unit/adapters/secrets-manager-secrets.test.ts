import { describe, expect, it } from 'vitest';
import { SecretsManagerSecrets } from '../../../shared/adapters/secrets-manager-secrets.js';
import { ConfigurationError, DependencyUnavailableError } from '../../../shared/errors.js';
import { environmentSecrets, selectSecretSource } from '../../../shared/lambda/runtime.js';

const ARN = 'arn:aws:secretsmanager:eu-central-1:111111111111:secret:wa-crm-bridge-AbCdEf';

/** A stand-in for GetSecretValue that answers with the given outcomes, in order, and records the ids asked for. */
function fakeReader(...outcomes: Array<{ SecretString?: string } | Error>) {
  const calls: string[] = [];
  const read = async (secretId: string) => {
    calls.push(secretId);
    const outcome = outcomes[Math.min(calls.length - 1, outcomes.length - 1)];
    if (outcome instanceof Error) throw outcome;
    return outcome?.SecretString;
  };
  return Object.assign(read, { calls });
}

function sdkError(name: string): Error {
  return Object.assign(new Error(`${name} happened`), { name });
}

describe('Class: SecretsManagerSecrets', () => {
  describe('Method: get', () => {
    it('reads the secret once and serves every name from the cached JSON object', async () => {
      // Prepare
      const reader = fakeReader({ SecretString: JSON.stringify({ WHATSAPP_APP_SECRET: 'app', PSEUDONYM_KEY: 'key' }) });
      const secrets = new SecretsManagerSecrets(reader, ARN);

      // Act
      const values = await Promise.all([secrets.get('WHATSAPP_APP_SECRET'), secrets.get('PSEUDONYM_KEY'), secrets.get('WHATSAPP_APP_SECRET')]);

      // Assess
      expect(values).toEqual(['app', 'key', 'app']);
      expect(reader.calls).toEqual([ARN]);
    });

    it('throws a ConfigurationError naming the missing key, without any value', async () => {
      const secrets = new SecretsManagerSecrets(fakeReader({ SecretString: JSON.stringify({ PSEUDONYM_KEY: 'very-secret' }) }), ARN);

      const failure = await secrets.get('CRM_WEBHOOK_SECRET').catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(ConfigurationError);
      expect((failure as Error).message).toContain('CRM_WEBHOOK_SECRET');
      expect((failure as Error).message).not.toContain('very-secret');
    });

    it('throws a ConfigurationError that does not quote the text when the secret is not JSON', async () => {
      const secrets = new SecretsManagerSecrets(fakeReader({ SecretString: 'hunter2-not-json' }), ARN);

      const failure = await secrets.get('PSEUDONYM_KEY').catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(ConfigurationError);
      expect((failure as Error).message).not.toContain('hunter2');
      expect((failure as Error).cause).toBeUndefined();
    });

    it('throws a ConfigurationError when the secret is a JSON array rather than an object', async () => {
      const secrets = new SecretsManagerSecrets(fakeReader({ SecretString: '["a"]' }), ARN);

      await expect(secrets.get('PSEUDONYM_KEY')).rejects.toBeInstanceOf(ConfigurationError);
    });

    it('throws a ConfigurationError when access is denied, since retrying cannot help', async () => {
      const secrets = new SecretsManagerSecrets(fakeReader(sdkError('AccessDeniedException')), ARN);

      const failure = await secrets.get('PSEUDONYM_KEY').catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(ConfigurationError);
      expect((failure as Error).message).toContain('AccessDeniedException');
    });

    it('throws a retryable error on a service failure and reads again on the next call', async () => {
      // Prepare
      const reader = fakeReader(sdkError('InternalServiceError'), { SecretString: JSON.stringify({ PSEUDONYM_KEY: 'key' }) });
      const secrets = new SecretsManagerSecrets(reader, ARN);

      // Act
      const first = await secrets.get('PSEUDONYM_KEY').catch((error: unknown) => error);
      const second = await secrets.get('PSEUDONYM_KEY');

      // Assess
      expect(first).toBeInstanceOf(DependencyUnavailableError);
      expect((first as DependencyUnavailableError).retryable).toBe(true);
      expect(second).toBe('key');
      expect(reader.calls).toHaveLength(2);
    });
  });
});

describe('Function: selectSecretSource', () => {
  it('reads Secrets Manager when BRIDGE_SECRET_ARN is set, and never the plain environment', async () => {
    const reader = fakeReader({ SecretString: JSON.stringify({ PSEUDONYM_KEY: 'from-secrets-manager' }) });

    const source = selectSecretSource({ BRIDGE_SECRET_ARN: ARN, PSEUDONYM_KEY: 'from-env' }, () => reader);

    await expect(source.get('PSEUDONYM_KEY')).resolves.toBe('from-secrets-manager');
  });

  it('reads environment variables when no secret ARN is set (local stack, tests)', async () => {
    const source = selectSecretSource({ PSEUDONYM_KEY: 'from-env' }, () => {
      throw new Error('no Secrets Manager reader should be created locally');
    });

    await expect(source.get('PSEUDONYM_KEY')).resolves.toBe('from-env');
    await expect(environmentSecrets({}).get('PSEUDONYM_KEY')).rejects.toBeInstanceOf(ConfigurationError);
  });
});
