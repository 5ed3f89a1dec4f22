// Shutdown must-show: on SIGTERM /readyz answers 503 at once while webhooks and every other route
// are still served for runner.shutdown_drain, so a load balancer sees the 503 and moves traffic
// before the listener closes; then the process exits cleanly. SIGINT (a terminal) stops at once.
import { describe, expect, it } from 'vitest';
import { alertBody } from '../support/escalation-fixtures.js';
import { startFirebreakProcess, writeConfig } from '../support/firebreak-process.js';
import { copyTemplateDataDir } from '../support/store/embedded.js';
import { deliver, SECRETS } from '../support/webhooks.js';

const DRAIN_MS = 4_000;

async function start(drain: string) {
  return startFirebreakProcess({
    FIREBREAK_DATA_DIR: await copyTemplateDataDir(),
    FIREBREAK_CONFIG: writeConfig(`runner:\n  shutdown_drain: ${drain}\nrouting:\n  defaults: { declare: sev4 }\n`),
    WEBHOOK_TOKEN: SECRETS.WEBHOOK_TOKEN,
  });
}

describe('SIGTERM', () => {
  it('turns /readyz 503 at once, keeps serving webhooks and health for the drain, then exits 0', async () => {
    const app = await start(`${DRAIN_MS / 1000}s`);
    const signalled = Date.now();
    app.process.kill('SIGTERM');
    let ready = await fetch(`${app.url}/readyz`);
    while (ready.status === 200) ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'shutting down' });
    expect(ready.headers.get('connection')).toBe('close');

    // Still served: a webhook is accepted and stored, liveness holds.
    const accepted = await deliver(app.url, 'generic', alertBody('during-drain', 'checkout'));
    expect(accepted.status).toBe(202);
    expect(accepted.body.alerts).toBe(1);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect(app.process.exitCode).toBeNull();

    expect(await app.exited).toBe(0);
    // The drain is a floor, not a race: the process cannot have left before it ran out.
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(DRAIN_MS);
    const log = app.output();
    expect(log).toContain('draining: /readyz answers 503; requests are still served for 4s');
    expect(log.indexOf('draining')).toBeLessThan(log.indexOf('firebreak stopped'));
    await expect(fetch(`${app.url}/healthz`)).rejects.toThrow();
  }, 60_000);
});

describe('SIGINT', () => {
  it('stops without a drain: someone at a terminal wants it stopped', async () => {
    const app = await start('5m');
    app.process.kill('SIGINT');
    expect(await app.exited).toBe(0);
    expect(app.output()).not.toContain('draining');
    expect(app.output()).toContain('firebreak stopped');
  }, 60_000);
});
