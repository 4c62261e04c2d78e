import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { newWamid, signedWebhookRequest, textMessageWebhook } from '../../local/webhook-builder.js';
import { forwardingEnv } from '../../test/support/bridge-config-file.js';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/stack.js';
import { percentile } from './stats.js';
import { postWebhooks, type WebhookRequest } from './post-webhooks.mjs';

/** A local stack for load runs: quiet logs, and the CRM sink's receive time of every message. */
export interface LoadStack {
  readonly stack: LocalStack;
  /** messageId (wamid) -> when the CRM sink accepted it (performance.now()). */
  readonly crmReceivedAt: Map<string, number>;
  stop(): Promise<void>;
}

const MESSAGE_ID_IN_LINE = /"messageId":"(wamid\.[A-Za-z0-9_-]+)"/;

/**
 * Starts the local stack with the CRM sink's print hook timestamping each accepted delivery: the
 * hook runs synchronously when the sink answers, so the time is when the CRM received it.
 */
export async function startLoadStack(options: LocalStackOptions = {}): Promise<LoadStack> {
  const crmReceivedAt = new Map<string, number>();
  const stack = await startLocalStack({
    port: 0,
    env: forwardingEnv(),
    logLevel: 'error',
    writeLog: () => undefined,
    print: (line) => {
      if (!line.startsWith('CRM <- [2')) return;
      const id = MESSAGE_ID_IN_LINE.exec(line)?.[1];
      if (id && !crmReceivedAt.has(id)) crmReceivedAt.set(id, performance.now());
    },
    ...options,
  });
  return { stack, crmReceivedAt, stop: () => stack.stop() };
}

export interface LoadRunOptions {
  /** Webhook POSTs in flight at once. */
  readonly concurrency: number;
  readonly messages: number;
  /** WhatsApp ids to spread the messages over, round robin (one FIFO group each). */
  readonly waIds: readonly string[];
  /** Each poster waits until the CRM received its message before posting the next (unloaded timings). */
  readonly awaitDelivery?: boolean;
  /** Give up waiting for deliveries after this long. */
  readonly timeoutMs?: number;
}

export interface LoadRunResult {
  readonly accepted: number;
  readonly refused: number;
  readonly delivered: number;
  /** Delivered messages per second, from the first POST to the last CRM receipt. */
  readonly throughput: number;
  /** Webhook POSTs answered 200 per second (ingest alone). */
  readonly ingestRate: number;
  /** Accepted (200 received by the poster) to CRM received, ms. */
  readonly latencyP50: number;
  readonly latencyP99: number;
  /** Process CPU time per delivered message (user + system, every thread: main, emulators, load generator), µs. */
  readonly cpuMicrosPerMessage: number;
  /** Time the main thread's event loop was busy per delivered message, µs (the stack's own thread). */
  readonly mainThreadMicrosPerMessage: number;
  /** Share of wall time the event loop was busy (1 = the one thread was saturated). */
  readonly eventLoopUtilization: number;
}

/**
 * Posts `messages` signed one-message webhooks with `concurrency` posters and waits until the CRM
 * sink has received each accepted one. Bodies are built and signed before the clock starts.
 */
export async function runLoad(load: LoadStack, options: LoadRunOptions): Promise<LoadRunResult> {
  const appSecret = load.stack.env.WHATSAPP_APP_SECRET as string;
  const requests = Array.from({ length: options.messages }, (_, index) => {
    const wamid = newWamid();
    const waId = options.waIds[index % options.waIds.length] as string;
    return { wamid, ...signedWebhookRequest(textMessageWebhook({ from: waId, name: 'Load Test', text: `load message ${index}`, wamid }), appSecret) };
  });
  const acceptedAt = new Map<string, number>();
  let refused = 0;
  let started: number;
  let ingestDone: number;
  let cpuBefore: NodeJS.CpuUsage;
  let eluBefore: EventLoopUtilization;
  const url = `${load.stack.url}/webhook`;

  if (options.awaitDelivery) {
    // One message in flight at a time: the posters stay on this thread, next to the CRM sink's map.
    cpuBefore = process.cpuUsage();
    eluBefore = performance.eventLoopUtilization();
    started = performance.now();
    await postWebhooks(url, requests, options.concurrency, async (request, status) => {
      if (status !== 200) {
        refused += 1;
        return;
      }
      acceptedAt.set(request.wamid, performance.now());
      const giveUp = Date.now() + 30_000;
      while (!load.crmReceivedAt.has(request.wamid) && Date.now() < giveUp) await new Promise((resolve) => setTimeout(resolve, 2));
    });
    ingestDone = performance.now();
  } else {
    // Under load the posters run on their own thread: their HTTP client work is the load
    // generator's, not the stack's, and would otherwise take a share of the thread under test.
    const posted = await postFromWorker(url, options.concurrency, requests, () => {
      cpuBefore = process.cpuUsage();
      eluBefore = performance.eventLoopUtilization();
    });
    const toLocal = (epochMs: number) => epochMs - performance.timeOrigin;
    started = toLocal(posted.startedAt);
    ingestDone = toLocal(posted.ingestDoneAt);
    for (const [wamid, at] of posted.accepted) acceptedAt.set(wamid, toLocal(at));
    refused = posted.refused;
  }

  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  const missing = () => [...acceptedAt.keys()].filter((wamid) => !load.crmReceivedAt.has(wamid)).length;
  while (missing() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const cpu = process.cpuUsage(cpuBefore!);
  const elu = performance.eventLoopUtilization(eluBefore!);

  const latencies: number[] = [];
  let last = started;
  for (const [wamid, at] of acceptedAt) {
    const received = load.crmReceivedAt.get(wamid);
    if (received === undefined) continue;
    latencies.push(Math.max(0, received - at));
    last = Math.max(last, received);
  }
  const delivered = latencies.length;
  return {
    accepted: acceptedAt.size,
    refused,
    delivered,
    throughput: delivered / ((last - started) / 1000),
    ingestRate: acceptedAt.size / ((ingestDone - started) / 1000),
    latencyP50: delivered ? percentile(latencies, 50) : Number.NaN,
    latencyP99: delivered ? percentile(latencies, 99) : Number.NaN,
    cpuMicrosPerMessage: delivered ? (cpu.user + cpu.system) / delivered : Number.NaN,
    mainThreadMicrosPerMessage: delivered ? (elu.active * 1000) / delivered : Number.NaN,
    eventLoopUtilization: elu.utilization,
  };
}

interface PostedFromWorker {
  readonly startedAt: number;
  readonly ingestDoneAt: number;
  readonly accepted: readonly (readonly [string, number])[];
  readonly refused: number;
}

/** Runs the posters in bench/lib/poster-worker.mjs; `onReady` runs just before they start. */
async function postFromWorker(
  url: string,
  concurrency: number,
  requests: readonly WebhookRequest[],
  onReady: () => void,
): Promise<PostedFromWorker> {
  const worker = new Worker(new URL('./poster-worker.mjs', import.meta.url), { workerData: { url, concurrency, requests }, execArgv: [] });
  try {
    return await new Promise<PostedFromWorker>((resolve, reject) => {
      worker.on('message', (message: 'ready' | PostedFromWorker | { failed: string }) => {
        if (message === 'ready') {
          onReady();
          worker.postMessage('go');
        } else if ('failed' in message) reject(new Error(`load generator failed: ${message.failed}`));
        else resolve(message);
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`load generator exited with code ${code}`)));
    });
  } finally {
    await worker.terminate();
  }
}
