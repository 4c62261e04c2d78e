/**
 * `npm run simulate -- "Hello"`: sends a signed text-message webhook to the running local stack,
 * as Meta would for a customer's message, and reports what reached the CRM.
 */
import { parseArgs } from 'node:util';
import { deriveCrmEventId } from '../shared/domain/crm/records.js';
import { CRM_EVENT_TYPES } from '../shared/domain/crm/event-types.js';
import { newWamid, signedWebhookRequest, textMessageWebhook } from './webhook-builder.js';
import { LOCAL_SECRETS } from './stack.js';

const usage = `usage: npm run simulate -- [options] "message text"

options:
  --from <digits>   the customer's WhatsApp number (default 4915112345678)
  --name <name>     the customer's profile name (default "Local Customer")
  --url <url>       the bridge (default http://127.0.0.1:$PORT, PORT default 3000)
  --wait <ms>       how long to wait for the CRM delivery (default 3000; 0 to skip)
`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        from: { type: 'string', default: '4915112345678' },
        name: { type: 'string', default: 'Local Customer' },
        url: { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? 3000}` },
        wait: { type: 'string', default: '3000' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const text = positionals.join(' ');
  if (!text) {
    process.stderr.write(`a message text is required\n\n${usage}`);
    return 2;
  }
  if (!/^\d{6,15}$/.test(values.from)) {
    process.stderr.write('--from must be 6 to 15 digits, as WhatsApp ids are\n');
    return 2;
  }
  const wamid = newWamid();
  const appSecret = process.env.WHATSAPP_APP_SECRET || LOCAL_SECRETS.WHATSAPP_APP_SECRET;
  const request = signedWebhookRequest(textMessageWebhook({ from: values.from, name: values.name, text, wamid }), appSecret);
  let response: Response;
  try {
    response = await fetch(`${values.url}/webhook`, { method: 'POST', headers: request.headers, body: request.body });
  } catch {
    process.stderr.write(`cannot reach the bridge at ${values.url}: is it running? (npm start)\n`);
    return 1;
  }
  const answer = await response.text();
  process.stdout.write(`webhook POST -> HTTP ${response.status} ${answer}\n`);
  if (!response.ok) return 1;

  const waitMs = Number(values.wait);
  if (!waitMs) return 0;
  const crmEventId = deriveCrmEventId(CRM_EVENT_TYPES.messageReceived, wamid);
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    const events = await fetch(`${values.url}/_local/crm/events`).then(
      (res) => (res.ok ? (res.json() as Promise<{ headers: Record<string, string>; body: string }[]>) : undefined),
      () => undefined,
    );
    if (events === undefined) {
      process.stdout.write('the bridge sends CRM events to an external CRM_WEBHOOK_URL; check your CRM.\n');
      return 0;
    }
    const delivered = events.find((event) => event.headers['webhook-id'] === crmEventId);
    if (delivered) {
      process.stdout.write(`delivered to the CRM as ${crmEventId}:\n${delivered.body}\n`);
      return 0;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.stdout.write(`not at the CRM after ${waitMs} ms (event ${crmEventId}); see the bridge's output.\n`);
  return 1;
}

main().then((code) => process.exit(code));
