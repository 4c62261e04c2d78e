import { Duration } from 'aws-cdk-lib';
import type { QueueKey } from '../shared/resources.js';

/** Alarm thresholds: when a human should look. */
export const ALARM_DEFAULTS = {
  /** A single dead letter is an event the bridge could not handle: always worth a look. */
  deadLetterDepth: 1,
  /** Any function error in a five-minute window (handled failures are reported, not thrown). */
  functionErrors: 1,
  /** HTTP API 5xx answers in a five-minute window (Meta retries, but a pattern means trouble). */
  apiServerErrors: 5,
  period: Duration.minutes(5),
  /**
   * Age of the oldest message per queue. The CRM queue backs off for hours during a CRM outage by
   * design, so it tolerates more; inbound and outbound should drain within minutes.
   */
  oldestMessageSeconds: {
    inbound: 15 * 60,
    crmPush: 2 * 60 * 60,
    outbound: 30 * 60,
  } satisfies Record<QueueKey, number>,
} as const;
