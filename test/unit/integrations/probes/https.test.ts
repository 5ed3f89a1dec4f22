// Tests: a health probe over https reports the status, the latency and when the certificate expires;
// a certificate the probe does not trust is a result with the TLS error's code, never a throw.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe, type ProbeSpec } from '../../../../src/integrations/probes/diagnostics.js';
import { selfSignedCert } from '../../../support/self-signed.js';

let server: Server;
let ca: string;
let url: string;
beforeAll(async () => {
  const tls = selfSignedCert(2);
  ca = tls.cert.toString('utf8');
  server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => res.writeHead(req.url === '/health' ? 200 : 503).end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

const probe = (path: string): ProbeSpec => ({ name: 'checkout-health', service: 'checkout', url: `${url}${path}`, method: 'GET', expectStatus: 200, timeoutMs: 5_000, headers: {} });

describe('health probe over https', () => {
  it('reports the status, the latency and the certificate expiry', async () => {
    const r = await runProbe(probe('/health'), {}, new AbortController().signal, [ca]);
    expect(r).toMatchObject({ status: 200, ok: true, error: null });
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
    // The certificate was made for two days: it expires about 48 hours from now.
    const hoursLeft = (Date.parse(r.certExpiresAt!) - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(47);
    expect(hoursLeft).toBeLessThanOrEqual(48);
    const down = await runProbe(probe('/ready'), {}, new AbortController().signal, [ca]);
    expect(down).toMatchObject({ status: 503, ok: false, error: null });
    expect(down.certExpiresAt).toBe(r.certExpiresAt);
  });

  it('answers an untrusted certificate with the TLS error code, not a throw', async () => {
    const r = await runProbe(probe('/health'), {}, new AbortController().signal);
    expect(r).toMatchObject({ status: null, ok: false, latencyMs: null, certExpiresAt: null, error: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  });
});
