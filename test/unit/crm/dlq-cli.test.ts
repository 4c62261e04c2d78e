import { describe, expect, it } from 'vitest';
import { DlqUsageError, runDlq } from '../../../scripts/dlq.js';

const io = (fetchImpl?: typeof fetch) => ({ env: {}, write: () => undefined, ...(fetchImpl ? { fetch: fetchImpl } : {}) });

describe('Function: runDlq', () => {
  it.each([[[]], [['purge']], [['list', '--queue', 'nope']], [['list', '--bogus']], [['list', '--queue']]])('rejects %j with the usage', async (argv) => {
    await expect(runDlq(argv, io())).rejects.toThrow(DlqUsageError);
    await expect(runDlq(argv, io())).rejects.toThrow(/usage: npm run dlq -- list\|redrive\|enable-endpoint/);
  });

  it('says how to start the local stack, or how to reach the cloud, when neither is found', async () => {
    const refused: typeof fetch = async () => {
      throw new Error('connect ECONNREFUSED');
    };
    await expect(runDlq(['list'], io(refused))).rejects.toThrow(
      'no local stack at http://127.0.0.1:3000 (connect ECONNREFUSED): start it with npm start, or give the cloud queue with --source-url or CRM_PUSH_QUEUE_URL',
    );
  });
});
