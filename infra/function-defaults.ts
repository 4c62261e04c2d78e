import { Duration } from 'aws-cdk-lib';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';

/** Secure, fast defaults of every bridge function (apart from the building code in `bridge-function.ts`). */
export const FUNCTION_DEFAULTS = {
  runtime: Runtime.NODEJS_22_X,
  /** Graviton: cheaper per GB-second and as fast for this I/O-bound work. */
  architecture: Architecture.ARM_64,
  /** More memory is more CPU: a 512 MB function initialises in about half the time of a 128 MB one. */
  memorySize: 512,
  /** HTTP functions answer well inside API Gateway's 30 s integration limit. */
  httpTimeout: Duration.seconds(10),
  /** Queue consumers: a batch of 10 with a 10 s CRM/Graph timeout each, still under half the visibility timeout. */
  consumerTimeout: Duration.seconds(30),
  logLevel: 'INFO',
} as const;

/** Event source mapping defaults of the FIFO consumers. */
export const CONSUMER_DEFAULTS = {
  /**
   * Caps parallel batches so a burst cannot overrun the CRM or the Graph API's rate limits; FIFO
   * ordering per contact is kept by SQS whatever the concurrency. (No batching window: SQS FIFO
   * event sources do not support one; batches fill from what is available.)
   */
  maxConcurrency: 10,
} as const;
