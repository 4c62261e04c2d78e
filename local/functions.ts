import { createConversationProcessorHandler, wireConversationProcessor } from '../functions/conversation-processor/handler.js';
import { createCrmForwarderHandler, wireCrmForwarder } from '../functions/crm-forwarder/handler.js';
import { createRepliesApiHandler, wireRepliesApi } from '../functions/replies-api/handler.js';
import { createReplySenderHandler, wireReplySender } from '../functions/reply-sender/handler.js';
import { createWebhookIngestHandler, wireWebhookIngest } from '../functions/webhook-ingest/handler.js';
import type { Runtime } from '../shared/lambda/runtime.js';
import type { FunctionKey } from '../shared/resources.js';
import type { HttpFunction } from './http-gateway.js';
import type { SqsConsumer } from './queue-poller.js';

/**
 * How the local stack builds each function: the same `wire*` and `create*Handler` pair the
 * Lambda entry point uses, fed a local runtime. Add a line here when a function is added to
 * `shared/resources.ts`; HTTP functions are routed by `API_ROUTES`, consumers polled from their queue.
 */
export const LOCAL_FUNCTIONS: Partial<Record<FunctionKey, (runtime: Runtime) => Promise<HttpFunction | SqsConsumer>>> = {
  webhookIngest: async (runtime) => createWebhookIngestHandler(await wireWebhookIngest(runtime)) as HttpFunction,
  conversationProcessor: async (runtime) => createConversationProcessorHandler(await wireConversationProcessor(runtime)) as SqsConsumer,
  crmForwarder: async (runtime) => createCrmForwarderHandler(await wireCrmForwarder(runtime)) as SqsConsumer,
  repliesApi: async (runtime) => createRepliesApiHandler(await wireRepliesApi(runtime)) as HttpFunction,
  replySender: async (runtime) => createReplySenderHandler(await wireReplySender(runtime)) as SqsConsumer,
};
