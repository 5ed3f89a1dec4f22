// Tests: the process logger writes errors with their type, message and stack, all redacted.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/observability/logger.js';
import { createRedactor } from '../../../src/observability/redact.js';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { sink, lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('logs an error with its type, message and stack, with secrets redacted from all three', () => {
    const { sink, lines } = capture();
    const log = createLogger('info', createRedactor(['pw-0123456789']), sink);
    class StoreDown extends Error {}
    const err = new StoreDown('connect postgres://app:pw-0123456789@db/x refused', { cause: new Error('token pw-0123456789 expired') });
    log.error({ err, path: '/webhooks/generic' }, 'request failed');
    const [line] = lines();
    const logged = line!.err as { type: string; message: string; stack: string };
    expect(logged.type).toBe('StoreDown');
    expect(logged.message).toContain('refused');
    expect(logged.stack).toMatch(/^Error: connect postgres:\/\/app:\[redacted\]@db\/x refused\n\s+at .*logger\.test\.ts/);
    expect(logged.stack).toContain('caused by: Error: token [redacted] expired');
    expect(JSON.stringify(line)).not.toContain('pw-0123456789');
    expect(line).toMatchObject({ level: 'error', path: '/webhooks/generic', msg: 'request failed' });
  });

  it('keeps a thrown value that is not an Error as it is', () => {
    const { sink, lines } = capture();
    createLogger('info', createRedactor([]), sink).warn({ err: 'plain text' }, 'odd throw');
    expect(lines()[0]).toMatchObject({ err: 'plain text', msg: 'odd throw' });
  });
});
