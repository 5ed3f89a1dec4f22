// Tests: sources.<name>.allow_from is checked before anything else, against the socket address or,
// behind a trusted proxy, the X-Forwarded-For hop that proxy appended.
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { listAlerts } from '../../../src/store/incidents.js';
import { deliver, fixtureBytes, signedHeaders, startTestServer } from '../../support/webhooks.js';

let app: Awaited<ReturnType<typeof startTestServer>> | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

const alert = (key: string) => Buffer.from(JSON.stringify({ key, status: 'firing', title: 'Queue backed up', severity: 'sev3' }));
const send = (key: string, extra: Record<string, string> = {}) => {
  const body = alert(key);
  return deliver(app!.url, 'generic', body, { ...signedHeaders('generic', body), ...extra });
};

describe('allow_from', () => {
  it('refuses an address outside the list with 403 before reading the body, storing nothing; other sources are untouched', async () => {
    app = await startTestServer('sources:\n  generic:\n    allow_from: [10.0.0.0/8]\n');
    // The test client is 127.0.0.1; an X-Forwarded-For is not believed without trusted proxies.
    expect(await send('af-1')).toMatchObject({ status: 403, body: { error: 'this address may not send to this source' } });
    expect((await send('af-2', { 'x-forwarded-for': '10.1.2.3' })).status).toBe(403);
    // A bad token from a refused address still says 403: nothing about the token is revealed.
    expect((await send('af-3', { authorization: 'Bearer wrong' })).status).toBe(403);
    expect((await listAlerts(app.store)).filter((a) => a.key.startsWith('af-'))).toHaveLength(0);
    const dd = fixtureBytes('datadog', 'triggered');
    expect((await deliver(app.url, 'datadog', dd)).status).toBe(202);
  });

  it('accepts an address in the list, and a reload changes the list for the next request', async () => {
    app = await startTestServer('sources:\n  generic:\n    allow_from: [127.0.0.0/8, "::1"]\n');
    expect((await send('af-ok')).status).toBe(202);
    writeFileSync(app.configPath, 'sources:\n  generic:\n    allow_from: [192.0.2.0/24]\n');
    expect(app.reload()).toMatchObject({ ok: true });
    expect((await send('af-after-reload')).status).toBe(403);
  });

  it('behind a trusted proxy, takes the client from the hop the proxy appended, not what the client wrote', async () => {
    app = await startTestServer('sources:\n  trusted_proxies: [127.0.0.1, "::1"]\n  generic:\n    allow_from: [10.0.0.0/8]\n');
    expect((await send('af-proxied', { 'x-forwarded-for': '10.1.2.3' })).status).toBe(202);
    // The client claimed 10.1.2.3, our proxy saw 192.0.2.1.
    expect((await send('af-spoofed', { 'x-forwarded-for': '10.1.2.3, 192.0.2.1' })).status).toBe(403);
    // No header: the proxy itself is the client, and it is not in the list.
    expect((await send('af-bare')).status).toBe(403);
  });
});
