import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultProvider } from '../../../shared/lambda/lambda-credentials.js';

describe('Function: defaultProvider (bundled-SDK credentials)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('returns the session credentials Lambda puts in the environment', async () => {
    // Prepare
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLEEXAMPLE00');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'example-secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'example-token');

    // Act
    const credentials = await defaultProvider({})();

    // Assess
    expect(credentials).toMatchObject({ accessKeyId: 'ASIAEXAMPLEEXAMPLE00', secretAccessKey: 'example-secret', sessionToken: 'example-token' });
  });

  it('fails with the SDK credentials error when the environment holds none', async () => {
    // Prepare
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');

    // Act
    const read = defaultProvider({})();

    // Assess
    await expect(read).rejects.toThrow(/Unable to find environment variable credentials/);
  });
});
