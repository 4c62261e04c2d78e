import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { startFauxqs } from 'fauxqs';

const require = createRequire(import.meta.url);

export interface RunningEmulator {
  /** `http://127.0.0.1:<port>`, for the SDK client's `endpoint`. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

interface DynaliteServer {
  listen(port: number, host: string, callback: (error?: Error) => void): void;
  address(): AddressInfo;
  close(callback: () => void): void;
}

/** Starts dynalite (DynamoDB's wire protocol, in memory) on a free or given loopback port. */
export async function startDynamoDbEmulator(port = 0): Promise<RunningEmulator> {
  const dynalite = require('dynalite') as (options: { createTableMs: number; deleteTableMs: number; updateTableMs: number }) => DynaliteServer;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => server.listen(port, '127.0.0.1', (error) => (error ? reject(error) : resolve())));
  return {
    endpoint: `http://127.0.0.1:${server.address().port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Starts fauxqs (SQS's wire protocol, in memory, FIFO and redrive included) on a free or given port. */
export async function startSqsEmulator(port = 0): Promise<RunningEmulator> {
  const server = await startFauxqs({ port, logger: false, defaultRegion: LOCAL_REGION });
  return { endpoint: `http://127.0.0.1:${server.port}`, stop: () => server.stop() };
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
