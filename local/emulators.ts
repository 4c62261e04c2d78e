import { Worker } from 'node:worker_threads';

export interface RunningEmulator {
  /** `http://127.0.0.1:<port>`, for the SDK client's `endpoint`. */
  readonly endpoint: string;
  /** Closes the emulator and ends its thread; safe to call more than once. */
  stop(): Promise<void>;
}

type EmulatorKind = 'dynamodb' | 'sqs';

type WorkerReport = { type: 'listening'; port: number } | { type: 'failed'; message: string } | { type: 'stopped' };

/** How long stop() lets the emulator close gracefully (requests in flight, a long poll) before ending its thread. */
const STOP_GRACE_MS = 2000;

/**
 * Runs one emulator on its own `worker_threads` thread (local/emulator-worker.mjs), listening on a
 * loopback port. On the main thread the emulators took about a third of the local stack's CPU
 * (profile in README "Benchmarks"); on their own threads they use the machine's other core. A
 * worker ends with its process, so nothing outlives the parent; stop() closes the server and then
 * terminates the thread, which also drops connections still open after the grace period.
 */
async function startEmulatorWorker(kind: EmulatorKind, port: number): Promise<RunningEmulator> {
  const worker = new Worker(new URL('./emulator-worker.mjs', import.meta.url), {
    workerData: { kind, port, region: LOCAL_REGION },
    // The parent's loader flags (tsx) are not needed by the plain-JS worker.
    execArgv: [],
  });
  let stopping: Promise<void> | undefined;
  const listeningPort = await new Promise<number>((resolve, reject) => {
    const onReport = (report: WorkerReport) => {
      if (report.type === 'listening') resolve(report.port);
      else if (report.type === 'failed') reject(new Error(`${kind} emulator did not start: ${report.message}`));
    };
    worker.on('message', onReport);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`${kind} emulator thread exited with code ${code} before listening`)));
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  worker.removeAllListeners('exit');
  worker.removeAllListeners('error');
  // A crash after start is an outage of that emulator, as when the real service is down: reported, not fatal.
  worker.on('error', (error) => {
    if (!stopping) process.stderr.write(`${kind} emulator thread failed: ${error.message}\n`);
  });
  return {
    endpoint: `http://127.0.0.1:${listeningPort}`,
    stop: () => {
      stopping ??= new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, STOP_GRACE_MS);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        worker.on('message', (report: WorkerReport) => {
          if (report.type === 'stopped') done();
        });
        worker.once('exit', done);
        worker.postMessage('stop');
      }).then(async () => {
        await worker.terminate();
      });
      return stopping;
    },
  };
}

/** Starts dynalite (DynamoDB's wire protocol, in memory) on a free or given loopback port, on its own thread. */
export async function startDynamoDbEmulator(port = 0): Promise<RunningEmulator> {
  return startEmulatorWorker('dynamodb', port);
}

/** Starts fauxqs (SQS's wire protocol, in memory, FIFO and redrive included) on a free or given port, on its own thread. */
export async function startSqsEmulator(port = 0): Promise<RunningEmulator> {
  return startEmulatorWorker('sqs', port);
}

export const LOCAL_REGION = 'eu-central-1';

/** SDK client settings for the emulators: static dummy credentials, the local endpoint. */
export function localClientConfig(endpoint: string) {
  return {
    endpoint,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 2,
  };
}
