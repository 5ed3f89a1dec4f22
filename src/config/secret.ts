// Config: a secret value that prints as [redacted] everywhere except reveal()
import type { InspectOptions } from 'node:util';

const REDACTED = '[redacted]';

/**
 * Wraps a token, key, DSN or connection string so it cannot leak through logs, JSON, console
 * output or string interpolation. The value lives in a private field, so spreading, Object.keys
 * and structured logging see nothing; only `reveal()` hands it out, at the point of use.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [Symbol.for('nodejs.util.inspect.custom')](_depth?: number, _options?: InspectOptions): string {
    return REDACTED;
  }
}
