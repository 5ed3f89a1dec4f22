// E2e (diagnostics): a declaration runs the health probes as their own effect; one Diagnostics
// message lands in the incident channel and the evidence is on the incident's timeline.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { blocksText, channelOf, startSlackE2e, theIncident, timeline, waitFor, type SlackE2e } from '../slack/harness.js';

let e: SlackE2e | undefined;
let target: http.Server | undefined;
afterEach(async () => {
  await e?.stop();
  await new Promise((r) => (target ? target.close(r) : r(undefined)));
});

async function startTarget(): Promise<{ url: string; seen: http.IncomingHttpHeaders[] }> {
  const seen: http.IncomingHttpHeaders[] = [];
  target = http.createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(req.url === '/health' ? 200 : 503).end('ok');
  });
  await new Promise<void>((r) => target!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(target.address() as AddressInfo).port}`, seen };
}

describe('diagnostics on declaration (health probes)', () => {
  it('posts one Diagnostics message with each probe, and keeps the evidence on the timeline', async () => {
    const t = await startTarget();
    e = await startSlackE2e({
      yaml: `
routing:
  defaults: { declare: sev2 }
diagnostics:
  probes:
    - { name: checkout-health, service: checkout, url: "${t.url}/health", headers: { Authorization: PROBE_TOKEN } }
    - { name: checkout-ready, service: checkout, url: "${t.url}/ready" }
    - { name: other, service: billing, url: "${t.url}/health" }
`,
      env: { PROBE_TOKEN: 'Bearer probe-secret-1234' },
    });
    await e.alert({ key: 'co-down', status: 'firing', title: 'Checkout is down', severity: 'sev2', service: 'checkout' });
    const incident = await theIncident(e.app);
    const channel = await channelOf(e.app, incident.id);
    const message = await waitFor('the Diagnostics message with the probes', () =>
      e!.fake.state.messages.find((m) => m.channel === channel && blocksText(m.blocks).includes('Health probes') && blocksText(m.blocks).includes('checkout-ready')));
    const shown = blocksText(message.blocks);
    expect(shown).toContain('Diagnostics');
    expect(shown).toMatch(/checkout-health — 200 in \d+ ms/);
    expect(shown).toContain('checkout-ready — 503 (expected 200)');
    expect(shown).not.toContain('other');
    expect(shown).not.toContain('probe-secret');
    // The header's value came from the environment variable the probe names.
    expect(t.seen.some((h) => h.authorization === 'Bearer probe-secret-1234')).toBe(true);
    // One Diagnostics message in the channel (edited in place, never a second).
    expect(e.fake.state.messages.filter((m) => m.channel === channel && m.text.startsWith('Diagnostics'))).toHaveLength(1);

    const evidence = await waitFor('the evidence row', async () => (await timeline(e!.app, incident.id)).find((r) => r.kind === 'diagnostics.evidence'));
    expect(evidence.data).toMatchObject({
      trigger: 'declared', snapshot: true, source: 'probes', asked: { probes: ['checkout-health', 'checkout-ready'] },
      answer: { status: 'ok', cached: false, finding: { source: 'probes' } },
    });
    expect(JSON.stringify(evidence.data)).not.toContain('probe-secret');
  });
});
