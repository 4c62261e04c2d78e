import { describe, expect, it } from 'vitest';
import { loadBridgeConfig, type BridgeConfig } from '../../../shared/config/bridge-config.js';
import { ConfigurationError } from '../../../shared/errors.js';
import { createLambdaRuntime } from '../../../shared/lambda/runtime.js';

describe('Function: createLambdaRuntime', () => {
  it('loads BRIDGE_CONFIG with the loader the function passes, once per runtime', () => {
    // Prepare
    const calls: Array<Readonly<Record<string, string | undefined>>> = [];
    const env = { BRIDGE_CONFIG: '' };
    const runtime = createLambdaRuntime(env, {
      config: (given) => {
        calls.push(given);
        return loadBridgeConfig(given);
      },
    });

    // Act
    const first: BridgeConfig = runtime.config();
    const second = runtime.config();

    // Assess
    expect(second).toBe(first);
    expect(calls).toEqual([env]);
    expect(first).toEqual(loadBridgeConfig({}));
  });

  it('fails with a ConfigurationError naming the loader when a function reads the configuration without passing one', () => {
    // Prepare
    const runtime = createLambdaRuntime({});

    // Act
    const read = () => runtime.config();

    // Assess
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow(/BRIDGE_CONFIG loader/);
  });

  it('names the missing SDK client the same way', () => {
    // Prepare
    const runtime = createLambdaRuntime({}, { config: loadBridgeConfig });

    // Act
    const sqs = () => runtime.sqs();

    // Assess
    expect(sqs).toThrow(/not given a SQS client/);
  });
});
