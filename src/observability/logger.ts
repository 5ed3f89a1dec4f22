// Observability: the process logger (pino, JSON lines). Every line passes through the redactor, so
// a token that slips into an error message never reaches the log.
import { pino } from 'pino';
import type { Logger } from './observer.js';
import type { Redactor } from './redact.js';

export function createLogger(level: string, redact: Redactor, destination?: NodeJS.WritableStream): Logger & { flush(): void } {
  const logger = pino(
    {
      level,
      base: { service: 'firebreak' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => JSON.parse(redact(JSON.stringify(obj))) as Record<string, unknown>,
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
