/**
 * `npm start`: the whole bridge on this machine, with its emulators, until Ctrl-C.
 */
import { LOCAL_SECRETS, startLocalStack } from './stack.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<void> {
  const stack = await startLocalStack();
  const shownSecrets = Object.keys(LOCAL_SECRETS).map((name) => `  ${name.padEnd(22)} ${stack.env[name]}`);
  const lines = [
    '',
    'wa-crm-bridge is running locally (DynamoDB and SQS emulated in this process).',
    '',
    `  WhatsApp webhook     ${stack.url}/webhook          (GET verify, POST signed events)`,
    `  CRM webhooks to      ${stack.env.CRM_WEBHOOK_URL}`,
    ...(stack.crmSink ? [`  CRM events received  ${stack.url}/_local/crm/events`] : []),
    `  Graph API            ${stack.env.GRAPH_API_BASE_URL}`,
    ...(stack.graph ? [`  Messages sent        ${stack.url}/_local/graph/sent`] : []),
    '',
    'Secrets in use (local values; set the environment variables to change them):',
    ...shownSecrets,
    '',
    'Try it:  npm run simulate -- "Hello"',
    'Stop:    Ctrl-C',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    process.stdout.write(`\n${signal}: stopping...\n`);
    await stack.stop();
    process.stdout.write('stopped.\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  process.stderr.write(
    code === 'EADDRINUSE'
      ? `cannot start: port ${process.env.PORT ?? 3000} is in use (set PORT to another port)\n`
      : `cannot start: ${message}\n`,
  );
  process.exit(1);
});
