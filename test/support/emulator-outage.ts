import { startDynamoDbEmulator, startSqsEmulator, type RunningEmulator } from '../../local/emulators.js';
import { createQueueWithDeadLetterQueue, provisionResources } from '../../local/provision.js';
import { QUEUES } from '../../shared/resources.js';
import type { TestStack } from './local-stack.js';

/**
 * Stops and restarts the local stack's emulators on their own ports, to rehearse an outage of
 * SQS or DynamoDB. Both emulators keep everything in memory: a restarted one is empty, so the
 * table or queues are provisioned again and whatever they held is gone. Tests built on this
 * therefore let the bridge drain before the stop and check only what was accepted around it.
 */
export interface EmulatorOutage {
  stop(): Promise<void>;
  /** Starts the emulator again on the same port and provisions it from the shared definitions. */
  restart(): Promise<void>;
  /** Stops the restarted emulator (the stack's own stop only knows the first one). */
  dispose(): Promise<void>;
}

function portOf(endpoint: string): number {
  return Number(new URL(endpoint).port);
}

/** An emulator's stop, bounded: requests in flight (a long poll) must not hold the test up. */
async function stopWithin(emulator: RunningEmulator, ms = 3000): Promise<void> {
  await Promise.race([emulator.stop().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, ms))]);
}

export function sqsOutage(stack: TestStack, options: { visibilityTimeoutSeconds: number }): EmulatorOutage {
  const port = portOf(stack.emulators.sqs.endpoint);
  let restarted: RunningEmulator | undefined;
  return {
    stop: () => stopWithin(stack.emulators.sqs),
    restart: async () => {
      restarted = await startSqsEmulator(port);
      for (const queue of Object.values(QUEUES)) {
        await createQueueWithDeadLetterQueue(stack.sqs, queue, '', options.visibilityTimeoutSeconds);
      }
    },
    dispose: async () => {
      if (restarted) await stopWithin(restarted);
    },
  };
}

export function dynamoDbOutage(stack: TestStack, options: { visibilityTimeoutSeconds: number }): EmulatorOutage {
  const port = portOf(stack.emulators.dynamoDb.endpoint);
  let restarted: RunningEmulator | undefined;
  return {
    stop: () => stopWithin(stack.emulators.dynamoDb),
    restart: async () => {
      restarted = await startDynamoDbEmulator(port);
      // Creates the table again; the queues exist with the same attributes, so creating them is a no-op.
      await provisionResources({ dynamoDb: stack.dynamoDb, sqs: stack.sqs }, { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds });
    },
    dispose: async () => {
      if (restarted) await stopWithin(restarted);
    },
  };
}
