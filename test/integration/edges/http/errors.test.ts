// Edge: a request that fails inside is answered with a generic 503, never the internal text, and
// logged with its stack — redacted like every log line.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { closeServer, createHttpServer, listen } from '../../../../src/edges/http/server.js';
import { createLogger } from '../../../../src/observability/logger.js';
import { createRedactor } from '../../../../src/observability/redact.js';

describe('a failing route', () => {
  it('answers 503 without the error text and logs the error with its stack, secrets redacted', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) });
    const log = createLogger('info', createRedactor(['db-password-123']), sink);
    const server = createHttpServer(
      [{ method: 'POST', path: '/webhooks/', handler: () => {
        throw new Error('connect postgres://firebreak:db-password-123@db:5432/prod: ECONNREFUSED');
      } }],
      log,
    );
    const port = await listen(server, 0, '127.0.0.1');
    try {
      const res = await fetch(`http://127.0.0.1:${port}/webhooks/generic`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(503);
      const body = await res.text();
      expect(JSON.parse(body)).toEqual({ error: 'temporarily unavailable, retry' });
      expect(body).not.toMatch(/ECONNREFUSED|postgres|db-password/);
    } finally {
      await closeServer(server, 1_000);
    }
    const logged = JSON.parse(lines.find((l) => l.includes('request failed'))!) as { err: { type: string; message: string; stack: string }; path: string };
    expect(logged.path).toBe('/webhooks/generic');
    expect(logged.err.type).toBe('Error');
    expect(logged.err.stack).toMatch(/^Error: connect postgres:\/\/firebreak:\[redacted\]@db:5432\/prod: ECONNREFUSED\n\s+at .*errors\.test\.ts/);
    expect(lines.join('')).not.toContain('db-password-123');
  });
});
