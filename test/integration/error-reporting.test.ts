import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { startErrorReporting } from '../../src/observability/error-reporting.js';
import { createRedactor } from '../../src/observability/redact.js';

describe('error reporting (SENTRY_DSN)', () => {
  it('sends errors to the DSN with every known secret redacted', async () => {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        bodies.push((req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8'));
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      const secret = 'xoxb-super-secret-bot-token-1234';
      const reporting = await startErrorReporting(`http://publickey@127.0.0.1:${port}/1`, createRedactor([secret]));
      reporting.capture(new Error(`Slack rejected token ${secret}`), { token: secret });
      reporting.observer.workflowFailed?.('incident', 'snapshot could not be restored');
      await reporting.flush(5000);
      const all = bodies.join('\n');
      expect(all).toContain('Slack rejected token [redacted]');
      expect(all).toContain('workflow incident failed');
      expect(all).not.toContain(secret);
    } finally {
      server.close();
    }
  }, 30_000);
});
