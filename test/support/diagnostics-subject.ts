// Test support (diagnostics): a subject as the diagnostics feature hands it to a source.
import type { DiagnosticsSubject } from '../../src/domain/diagnostics.js';

export function subject(over: Partial<DiagnosticsSubject> = {}): DiagnosticsSubject {
  return {
    incidentId: 'inc_1', number: 1, title: 'Checkout is down', service: 'checkout', severity: 'sev2', declaredAt: '2026-12-07T20:00:00.000Z',
    alerts: [], repository: null, pagerdutyService: null, ...over,
  };
}

export const NOW = new Date('2026-12-07T20:00:00.000Z');
export const signal = () => new AbortController().signal;

/**
 * A loopback server slower than any budget a test gives (nock's delayed replies and an aborted
 * fetch do not mix in undici). Call `close` in a finally.
 */
export async function slowServer(nock: { enableNetConnect(host: string): void; disableNetConnect(): void }): Promise<{ url: string; close(): void }> {
  const http = await import('node:http');
  nock.enableNetConnect('127.0.0.1');
  const server = http.createServer((_req, res) => void setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('[]'), 3000).unref());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
      nock.disableNetConnect();
    },
  };
}
