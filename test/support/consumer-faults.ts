import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { LOCAL_FUNCTIONS } from '../../local/functions.js';
import type { SqsConsumer } from '../../local/queue-poller.js';
import type { FunctionKey } from '../../shared/resources.js';

export interface CrashPlan {
  /** How many times the consumer crashed so far. */
  readonly crashes: number;
  /** Records the consumer finished before each crash (their side effects happened). */
  readonly recordsDoneBeforeCrash: number;
  /** Puts the function registry back as it was. */
  restore(): void;
}

/**
 * Makes a queue consumer of the local stack crash part-way through a batch, once per matching
 * record: the records before the first match in the batch are processed by the real consumer
 * (their side effects happen), then the invocation throws, as a Lambda that runs out of memory or
 * time would. The poller then leaves the whole batch to come back after the visibility timeout.
 * Call before `startTestStack` (the stack builds its functions from the registry).
 */
export function crashMidBatchOnce(key: FunctionKey, matches: (record: SQSRecord) => boolean): CrashPlan {
  const original = LOCAL_FUNCTIONS[key];
  if (!original) throw new Error(`no local function ${key}`);
  const crashedFor = new Set<string>();
  const plan = { crashes: 0, recordsDoneBeforeCrash: 0 };
  LOCAL_FUNCTIONS[key] = async (runtime) => {
    const consumer = (await original(runtime)) as SqsConsumer;
    const crashing: SqsConsumer = async (event, context) => {
      const index = event.Records.findIndex((record) => matches(record) && !crashedFor.has(record.body));
      if (index < 0) return consumer(event, context);
      crashedFor.add((event.Records[index] as SQSRecord).body);
      const done: SQSEvent = { Records: event.Records.slice(0, index) };
      if (done.Records.length > 0) await consumer(done, context);
      plan.crashes += 1;
      plan.recordsDoneBeforeCrash += done.Records.length;
      throw new Error('simulated crash mid-batch');
    };
    return crashing;
  };
  return {
    get crashes() {
      return plan.crashes;
    },
    get recordsDoneBeforeCrash() {
      return plan.recordsDoneBeforeCrash;
    },
    restore: () => {
      LOCAL_FUNCTIONS[key] = original;
    },
  };
}
