import { Logger } from '@aws-lambda-powertools/logger';
import type { Log } from './domain/ports.js';

/**
 * Structured JSON logs through Powertools. Events are never logged whole: callers pass ids,
 * hashes, counts and codes only, so no phone number, name or message text reaches CloudWatch.
 */
export function createPowertoolsLog(serviceName: string): Log {
  const logger = new Logger({ serviceName, logLevel: (process.env.LOG_LEVEL ?? 'INFO') as 'INFO' });
  return {
    debug: (message, attributes) => logger.debug(message, attributes ?? {}),
    info: (message, attributes) => logger.info(message, attributes ?? {}),
    warn: (message, attributes) => logger.warn(message, attributes ?? {}),
    error: (message, attributes) => logger.error(message, attributes ?? {}),
  };
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** One JSON object per line, handed to `write`; the local stack and tests use it to capture logs. */
export function createJsonLineLog(service: string, write: (line: string) => void, minimum: LogLevel = 'info'): Log {
  const emit = (level: LogLevel) => (message: string, attributes?: Record<string, unknown>) => {
    if (LEVELS[level] < LEVELS[minimum]) return;
    write(JSON.stringify({ time: new Date().toISOString(), level, service, message, ...attributes }));
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** Error details safe to log: class, code and message of our errors, class and name of others. */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { errorName: error.name, ...(typeof code === 'string' ? { errorCode: code } : {}), errorMessage: error.message };
  }
  return { errorName: typeof error };
}
