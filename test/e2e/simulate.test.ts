import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/local-stack.js';
import { waitFor } from '../support/wait.js';

const run = promisify(execFile);

describe('npm run simulate, against the local stack', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('walks a new customer through notice and consent to one signed, pseudonymous CRM delivery', async () => {
    // Act
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'local/simulate.ts', '--url', stack.url, '--wait', '30000', 'Hi, mail me at erika@example.de'], {
      env: { ...process.env, WHATSAPP_APP_SECRET: stack.env.WHATSAPP_APP_SECRET },
    });

    // Assess
    expect(stdout).toContain('privacy notice and a consent request');
    expect(stdout).toContain('bridge -> CRM: delivered');
    const received = (await stack.crmEvents()).filter((event) => event.payload.type === 'message.received');
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(() => new Webhook(stack.env.CRM_WEBHOOK_SECRET as string).verify(delivery!.body, delivery!.headers)).not.toThrow();
    expect(delivery!.payload.data.text).toBe('Hi, mail me at [EMAIL]');
    expect(delivery!.body).not.toContain('4915112345678');
    // The dashboard's business metrics, as the functions counted them. The notice and the consent
    // request are not reported to the CRM (nor counted there); the consent confirmation is, once sent.
    const metrics = await waitFor(async () => {
      const counted = (await (await fetch(`${stack.url}/_local/metrics`)).json()) as Record<string, number>;
      return (counted.RepliesSent ?? 0) >= 1 ? counted : undefined;
    }, 30_000, 'the confirmation to be counted');
    expect(metrics).toMatchObject({ WebhooksReceived: 2, ConsentGranted: 1 });
    expect(metrics.EventsProcessed).toBeGreaterThanOrEqual(2);
    expect(metrics.CrmDeliveries).toBeGreaterThanOrEqual(2);
  });

  it('explains its options and refuses bad ones with exit code 2', async () => {
    const failure = await run(process.execPath, ['--import', 'tsx', 'local/simulate.ts', '--consent', 'maybe', 'x']).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('--consent must be grant, decline or none');
  });
});
