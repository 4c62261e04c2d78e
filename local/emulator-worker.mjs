// One emulator (dynalite or fauxqs) on its own thread, started by local/emulators.ts. Plain
// JavaScript, so it loads the same way under tsx, vitest and plain node, whatever loader the
// parent runs with. Protocol with the parent:
//   workerData { kind: 'dynamodb' | 'sqs', port, region }
//   -> { type: 'listening', port } | { type: 'failed', message }
//   <- 'stop'  -> { type: 'stopped' }
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);

/** @returns {Promise<{ port: number, stop: () => Promise<void> }>} */
async function start(kind, port, region) {
  if (kind === 'dynamodb') {
    const dynalite = require('dynalite');
    const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise((resolve, reject) => server.listen(port, '127.0.0.1', (error) => (error ? reject(error) : resolve())));
    return { port: server.address().port, stop: () => new Promise((resolve) => server.close(() => resolve())) };
  }
  if (kind === 'sqs') {
    const { startFauxqs } = await import('fauxqs');
    const server = await startFauxqs({ port, logger: false, defaultRegion: region });
    return { port: server.port, stop: () => server.stop() };
  }
  throw new Error(`unknown emulator kind ${kind}`);
}

try {
  const running = await start(workerData.kind, workerData.port, workerData.region);
  parentPort.on('message', (message) => {
    if (message !== 'stop') return;
    running.stop().finally(() => {
      parentPort.postMessage({ type: 'stopped' });
      parentPort.close();
    });
  });
  parentPort.postMessage({ type: 'listening', port: running.port });
} catch (error) {
  parentPort.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  parentPort.close();
}
