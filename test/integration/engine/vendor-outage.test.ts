// Integration (vendor outages): the breaker parks a vendor's effects without spending attempts or
// calling it, a probe closes it, and the 500 effects that waited reach the (fake) Slack at no more
// than the configured rate — counted on the fake's own timestamps, so no 429 storm.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebClient } from '@slack/web-api';
import type { Engine } from '../../../src/engine.js';
import { VendorGate, type VendorChange } from '../../../src/effects/vendor-gate.js';
import type { PortResult } from '../../../src/effects/ports.js';
import { createSlackClient } from '../../../src/integrations/slack/client.js';
import { slackProbe } from '../../../src/integrations/slack/probe.js';
import { classifySlackError } from '../../../src/integrations/slack/classify.js';
import { silentLogger } from '../../../src/observability/observer.js';
import { createRedactor } from '../../../src/observability/redact.js';
import { breakerFailed, listBreakers } from '../../../src/store/breakers.js';
import type { SqlTransport } from '../../../src/store/transport.js';
import { startFakeSlack, type FakeSlack } from '../../support/fake-slack.js';
import { openTestEmbedded } from '../../support/store/embedded.js';
import { EffectRegistry, fastSettings, testEngine, waitFor } from './harness.js';

let store: SqlTransport;
let fake: FakeSlack;
let engine: Engine | undefined;
let gate: VendorGate | undefined;

beforeEach(async () => {
  store = await openTestEmbedded();
  fake = await startFakeSlack();
  fake.state.channels.set('CPACE', { id: 'CPACE', name: 'pace', is_private: false, is_archived: false, creator: 'UADMIN', created: 0, topic: '' });
  fake.state.members.set('CPACE', new Set([fake.state.botUserId]));
});
afterEach(async () => {
  gate?.stop();
  await engine?.stop();
  engine = undefined;
  await store.close();
  await fake.close();
});

/** A port of one method on the real Web API client, as the Chat port would be. */
function pingPort(client: WebClient) {
  return {
    async post(text: string): Promise<PortResult<unknown>> {
      try {
        await client.chat.postMessage({ channel: 'CPACE', text });
        return { ok: true, value: null };
      } catch (err) {
        return { ok: false, error: classifySlackError(err, { method: 'chat.postMessage' }) };
      }
    },
  };
}

async function queue(n: number): Promise<void> {
  await store.query(
    `insert into outbox (workflow_id, effect_type, params, idempotency_key, ordering_key, max_attempts)
     select 'w' || g, 'test.ping', jsonb_build_object('n', g), 'ping-' || g, null, 8 from generate_series(1, $1::int) g`,
    [n],
  );
}

function setup(ratePerS: number, changes: VendorChange[] = []) {
  gate = new VendorGate({
    store, log: silentLogger, redact: createRedactor([]),
    settings: () => ({ failuresToOpen: 3, probeIntervalMs: 100, ratePerS }),
    probes: { slack: slackProbe(createSlackClient({ token: 'xoxb-test', apiUrl: fake.url })) },
    onChange: (c) => changes.push(c),
  });
  const port = gate.gate('slack', pingPort(createSlackClient({ token: 'xoxb-test', apiUrl: fake.url })));
  const registry = new EffectRegistry(8, { defaultMs: 24 * 3_600_000 }).define('test.ping', {
    handler: (effect) => port.post(`ping ${String((effect.params as { n: number }).n)}`),
  });
  engine = testEngine(store, registry, fastSettings({ concurrency: 64, batchSize: 50 }));
  return gate;
}

describe('vendor outage', () => {
  it('opens the breaker after consecutive failures, parks effects unspent without calling the vendor, and a probe brings them back', async () => {
    const changes: VendorChange[] = [];
    const g = setup(1_000, changes);
    await fake.down('http-503');
    await queue(10);
    engine!.start();
    await waitFor(async () => (await listBreakers(store)).find((b) => b.state === 'open'));
    await g.tick();
    const parked = await waitFor(async () => {
      const [b] = await listBreakers(store);
      return Number(b?.waiting) === 10 && b;
    });
    expect(parked).toMatchObject({ vendor: 'slack', state: 'open' });
    // Three calls opened it; after that, nobody called Slack for the parked effects.
    const sent = fake.calls.filter((c) => c.method === 'chat.postMessage').length;
    expect(sent).toBeGreaterThanOrEqual(3);
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage').length).toBe(sent);
    const rows = await store.query<{ attempts: number; status: string; next_attempt_at: string }>(`select attempts, status, next_attempt_at::text from outbox`);
    // Unspent: an effect has at most the attempts that really reached Slack before the breaker opened.
    expect(rows.reduce((n, r) => n + Number(r.attempts), 0)).toBe(sent);

    await g.tick(); // probe while still down: stays open
    expect((await listBreakers(store))[0]).toMatchObject({ state: 'open' });
    await fake.up();
    await new Promise((r) => setTimeout(r, 150));
    await g.tick();
    await waitFor(async () => (await store.query<{ n: number }>(`select count(*)::int as n from outbox where status = 'done'`))[0]!.n === 10);
    expect(changes.map((c) => c.state)).toEqual(['open', 'closed']);
    expect(changes[1]).toMatchObject({ vendor: 'slack', resumed: 10 });
    expect(await store.query(`select id from outbox where status = 'dead'`)).toEqual([]);
  }, 60_000);

  it('a failed effect is retried until its time budget runs out, not after a count of attempts', async () => {
    const registry = new EffectRegistry(2, { defaultMs: 1_500 }).define('test.ping', {
      handler: async () => ({ ok: false, error: { kind: 'retry', message: 'HTTP 503' } }),
    });
    engine = testEngine(store, registry, fastSettings());
    await queue(1);
    engine.start();
    const dead = await waitFor(async () => (await store.query<{ attempts: number; created: string; finished: string }>(
      `select attempts, created_at::text as created, finished_at::text as finished from outbox where status = 'dead'`))[0], 10_000);
    // Far more than max_attempts (2): the budget, 1.5 s, is what ended it.
    expect(Number(dead.attempts)).toBeGreaterThan(2);
    expect(Date.parse(dead.finished) - Date.parse(dead.created)).toBeGreaterThanOrEqual(1_000);
    const [line] = await store.query<{ message: string }>(`select message from timeline where kind = 'effect.dead'`);
    expect(line!.message).toMatch(/gave up after .* of retries/);
  }, 30_000);

  it('a 4xx still fails fast under a time budget', async () => {
    const registry = new EffectRegistry(8, { defaultMs: 3_600_000 }).define('test.ping', {
      handler: async () => ({ ok: false, error: { kind: 'give-up', message: 'HTTP 400 invalid_blocks' } }),
    });
    engine = testEngine(store, registry, fastSettings());
    await queue(1);
    engine.start();
    const dead = await waitFor(async () => (await store.query<{ attempts: number }>(`select attempts from outbox where status = 'dead'`))[0]);
    expect(Number(dead.attempts)).toBe(1);
  });

  it('after an outage, 500 waiting effects reach Slack at no more than the configured rate, with no 429', async () => {
    const rate = 40;
    const g = setup(rate);
    // Slack's own limit sits above ours: a herd would hit it, the paced drain does not.
    fake.limitRate(rate + 10);
    for (let i = 0; i < 3; i++) await breakerFailed(store, 'slack', 'HTTP 503', 3);
    await fake.down('http-503');
    await g.tick();
    await queue(500);
    engine!.start();
    await waitFor(async () => Number((await listBreakers(store))[0]?.waiting) === 500, 20_000);
    await fake.up();
    const from = fake.calls.length;
    await g.tick();
    await waitFor(async () => (await store.query<{ n: number }>(`select count(*)::int as n from outbox where status = 'done'`))[0]!.n === 500, 60_000);

    const calls = fake.calls.slice(from).filter((c) => c.method === 'chat.postMessage');
    expect(calls.filter((c) => c.status === 429)).toEqual([]);
    expect(calls.filter((c) => c.ok)).toHaveLength(500);
    // The busiest one-second window, on the fake's clock.
    const at = calls.map((c) => c.at).sort((a, b) => a - b);
    let busiest = 0;
    for (let i = 0, j = 0; i < at.length; i++) {
      while (at[i]! - at[j]! >= 1000) j++;
      busiest = Math.max(busiest, i - j + 1);
    }
    expect(busiest).toBeLessThanOrEqual(rate + 1);
  }, 90_000);
});
