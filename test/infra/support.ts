import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { buildApp } from '../../infra/app.js';
import type { BridgeStack } from '../../infra/bridge-stack.js';

/** A CDK app that skips bundling: the template's shape is tested, not the bundles (0.2 s instead of seconds). */
export function unbundledApp(context: Record<string, unknown> = {}): App {
  return new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
}

export interface SynthesisedBridge {
  readonly app: App;
  readonly stack: BridgeStack;
  readonly template: Template;
  /** The CloudFormation logical id of a construct (its default child for L2s). */
  logicalId(construct: IConstruct): string;
}

/** Synthesises the bridge stack in `region` with the given context, without bundling. */
export function synthesiseBridge(region = 'eu-central-1', context: Record<string, unknown> = {}): SynthesisedBridge {
  const { app, stack } = buildApp({ app: unbundledApp(context), env: { account: '111111111111', region } });
  const template = Template.fromStack(stack);
  return {
    app,
    stack,
    template,
    logicalId: (construct) => Stack.of(construct).getLogicalId((construct.node.defaultChild ?? construct) as never),
  };
}
