// Observability: the bot's own error reporting to Sentry, only when SENTRY_DSN is set (the SDK costs
// ~1.3 s at start-up, so it is imported lazily). Every event passes through the redactor first:
// no token or signing secret ever leaves in a Sentry event.
import type { EngineObserver } from './observer.js';
import type { Redactor } from './redact.js';

export interface ErrorReporting {
  capture(err: unknown, context?: Record<string, unknown>): void;
  /** Hooks for the engine: a workflow that fails and an effect that goes dead are reported. */
  observer: EngineObserver;
  flush(timeoutMs?: number): Promise<void>;
}

export async function startErrorReporting(dsn: string, redact: Redactor, release?: string): Promise<ErrorReporting> {
  const Sentry = await import('@sentry/node');
  Sentry.init({
    dsn,
    release,
    tracesSampleRate: 0,
    beforeSend: (event) => JSON.parse(redact(JSON.stringify(event))) as typeof event,
    beforeBreadcrumb: (crumb) => JSON.parse(redact(JSON.stringify(crumb))) as typeof crumb,
  });
  const capture = (err: unknown, context?: Record<string, unknown>) => {
    Sentry.captureException(err instanceof Error ? err : new Error(String(err)), context ? { extra: context } : undefined);
  };
  return {
    capture,
    observer: {
      workflowFailed: (kind, reason) => capture(new Error(`workflow ${kind} failed: ${reason}`)),
      effectFinished: (type, outcome, attempt) => {
        if (outcome === 'dead') capture(new Error(`effect ${type} is dead after ${attempt} attempt(s)`));
      },
    },
    flush: async (timeoutMs = 2000) => {
      await Sentry.flush(timeoutMs);
    },
  };
}
