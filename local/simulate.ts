/**
 * `npm run simulate -- "Hello"`: sends a signed text-message webhook to the running local stack,
 * as Meta would for a customer's message, and reports what reached the CRM.
 */
import { parseArgs } from 'node:util';
import { deriveCrmEventId } from '../shared/domain/crm/records.js';
import { CRM_EVENT_TYPES } from '../shared/domain/crm/event-types.js';
import { buttonReplyWebhook, newWamid, signedWebhookRequest, textMessageWebhook } from './webhook-builder.js';
import { LOCAL_SECRETS } from './stack.js';

const usage = `usage: npm run simulate -- [options] "message text"

options:
  --from <digits>   the customer's WhatsApp number (default 4915112345678)
  --name <name>     the customer's profile name (default "Local Customer")
  --url <url>       the bridge (default http://127.0.0.1:$PORT, PORT default 3000)
  --consent <what>  when the bridge asks the customer for consent (a new contact, basis
                    "consent"): "grant" taps the consent button as the customer (default),
                    "decline" taps the other one, "none" leaves the message held
  --wait <ms>       how long to wait for the CRM delivery (default 5000; 0 to skip)
`;

const CONSENT_BUTTONS = { grant: 'consent:grant', decline: 'consent:decline' } as const;

interface GraphCall {
  body: { to?: string; type?: string; interactive?: { action?: { buttons?: { reply?: { id?: string; title?: string } }[] } } };
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        from: { type: 'string', default: '4915112345678' },
        name: { type: 'string', default: 'Local Customer' },
        url: { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? 3000}` },
        wait: { type: 'string', default: '5000' },
        consent: { type: 'string', default: 'grant' },
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
  if (!['grant', 'decline', 'none'].includes(values.consent)) {
    process.stderr.write('--consent must be grant, decline or none\n');
    return 2;
  }
  if (!/^\d{6,15}$/.test(values.from)) {
    process.stderr.write('--from must be 6 to 15 digits, as WhatsApp ids are\n');
    return 2;
  }
  const wamid = newWamid();
  const appSecret = process.env.WHATSAPP_APP_SECRET || LOCAL_SECRETS.WHATSAPP_APP_SECRET;
  const post = async (payload: unknown): Promise<Response | undefined> => {
    const request = signedWebhookRequest(payload, appSecret);
    return fetch(`${values.url}/webhook`, { method: 'POST', headers: request.headers, body: request.body }).catch(() => undefined);
  };
  const sentBefore = (await getJson<GraphCall[]>(`${values.url}/_local/graph/sent`))?.length ?? 0;
  const response = await post(textMessageWebhook({ from: values.from, name: values.name, text, wamid }));
  if (!response) {
    process.stderr.write(`cannot reach the bridge at ${values.url}: is it running? (npm start)\n`);
    return 1;
  }
  process.stdout.write(`customer -> webhook POST: HTTP ${response.status} ${await response.text()}\n`);
  if (!response.ok) return 1;

  const waitMs = Number(values.wait);
  if (!waitMs) return 0;
  const crmEventId = deriveCrmEventId(CRM_EVENT_TYPES.messageReceived, wamid);
  const deadline = Date.now() + waitMs;
  let answeredConsent = false;
  while (Date.now() < deadline) {
    const events = await getJson<{ headers: Record<string, string>; body: string }[]>(`${values.url}/_local/crm/events`);
    if (events === undefined) {
      process.stdout.write('the bridge sends CRM events to an external CRM_WEBHOOK_URL; check your CRM.\n');
      return 0;
    }
    const delivered = events.find((event) => event.headers['webhook-id'] === crmEventId);
    if (delivered) {
      process.stdout.write(`bridge -> CRM: delivered as ${crmEventId} (signed, pseudonymous, PII redacted):\n${delivered.body}\n`);
      return 0;
    }
    if (!answeredConsent) {
      const sent = ((await getJson<GraphCall[]>(`${values.url}/_local/graph/sent`)) ?? []).slice(sentBefore).filter((call) => call.body.to === values.from);
      const buttons = sent.flatMap((call) => call.body.interactive?.action?.buttons ?? []);
      const button = buttons.find((candidate) => values.consent !== 'none' && candidate.reply?.id === CONSENT_BUTTONS[values.consent as 'grant' | 'decline']);
      if (buttons.length > 0) {
        process.stdout.write(`bridge -> customer: ${sent.length} message(s): the privacy notice and a consent request (see ${values.url}/_local/graph/sent)\n`);
        answeredConsent = true;
        if (!button?.reply?.id) {
          process.stdout.write('the message stays held until the customer consents (it is discarded after the hold period).\n');
          return 0;
        }
        const tap = await post(buttonReplyWebhook({ from: values.from, name: values.name, buttonId: button.reply.id, title: button.reply.title ?? button.reply.id }));
        process.stdout.write(`customer taps "${button.reply.title ?? button.reply.id}" -> webhook POST: HTTP ${tap?.status ?? 'unreachable'}\n`);
        if (values.consent === 'decline') {
          process.stdout.write('declined: the held message is discarded and nothing reaches the CRM.\n');
          return 0;
        }
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.stdout.write(`not at the CRM after ${waitMs} ms (event ${crmEventId}); see the bridge's output.\n`);
  return 1;
}

async function getJson<T>(url: string): Promise<T | undefined> {
  try {
    const response = await fetch(url);
    return response.ok ? ((await response.json()) as T) : undefined;
  } catch {
    return undefined;
  }
}

main().then((code) => process.exit(code));
