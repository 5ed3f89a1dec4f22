// Observability: the process logger (pino, JSON lines). Every line passes through the redactor, so
// a token that slips into an error message, or into a stack, never reaches the log.
import { pino } from 'pino';
import type { Logger } from './observer.js';
import type { Redactor } from './redact.js';

export function createLogger(level: string, redact: Redactor, destination?: NodeJS.WritableStream): Logger & { flush(): void } {
  const logger = pino(
    {
      level,
      base: { service: 'firebreak' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Already serialized (and redacted) by formatters.log below: a second pass would call it an Object.
      serializers: { err: (value: unknown) => value },
      formatters: {
        level: (label) => ({ level: label }),
        // pino runs this before its serializers, and JSON drops an Error's message and stack: errors
        // are serialized here (type, message, stack, causes), then the whole line is redacted.
        log: (obj) => JSON.parse(redact(JSON.stringify(withErrorsSerialized(obj)))) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? redact(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
  return logger as unknown as Logger & { flush(): void };
}

/** `{ err }` (or any field holding an Error) as pino's err serializer shows it. */
function withErrorsSerialized(obj: Record<string, unknown>): Record<string, unknown> {
  if (!Object.values(obj).some((v) => v instanceof Error)) return obj;
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, v instanceof Error ? pino.stdSerializers.err(v) : v]));
}
