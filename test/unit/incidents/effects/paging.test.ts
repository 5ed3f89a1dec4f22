// Tests: the page.targets handler with in-memory ports — every channel tried, each part idempotent,
// and what failed reported to the incident once (page.failed / page.delivered), never lost.
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import type { Effect, EffectError, EffectResult } from '../../../../src/effects/effect.js';
import { MAX_GROUP_DMS, pagerSyncEffects, pagingEffects, type PagingDeps } from '../../../../src/incidents/effects/paging.js';
import type { PageRequest, Pager, PortResult } from '../../../../src/effects/ports.js';
import type { SlackChatApi, SlackMessage } from '../../../../src/integrations/slack/chat-api.js';
import { createChatPort } from '../../../../src/integrations/slack/port.js';
import { EffectRegistry } from '../../../../src/effects/registry.js';
import { createSlackChat } from '../../../../src/integrations/slack/chat.js';
import { createSlackClient } from '../../../../src/integrations/slack/client.js';
import { createWebhookPager } from '../../../../src/integrations/webhook/pager.js';
import { ACTION_IDS } from '../../../../src/integrations/slack/ids.js';
import type { Transport } from '../../../../src/store/transport.js';
import type { IncidentContext, PageFailure } from '../../../../src/workflows/incident/index.js';
import type { WorkflowRunner } from '../../../../src/workflows/runner.js';
import { startFakeSlack, type FakeSlack } from '../../../support/fake-slack.js';

const ROUTING_KEY = 'R0UTINGKEY0123456789abcdef0123456';
const down = (what: string): EffectError => ({ kind: 'retry', message: `${what}: HTTP 503` });

/** Slack that remembers posts and DMs by key (so a retry re-posts nothing), failing on demand. */
class FakeChat implements SlackChatApi {
  posts = new Map<string, SlackMessage>();
  dms = new Map<string, { user: string; text: string; blocks?: unknown[] }>();
  lookups: string[] = [];
  failPost: EffectError | null = null;
  failDm: EffectError | null = null;
  emails: Record<string, string> = {};
  groups: Record<string, string[]> = {};
  failGroups: EffectError | null = null;

  async ensureChannel() { return { ok: true as const, value: { id: 'C0INC', name: 'inc-1' } }; }
  async setTopic() { return { ok: true as const, value: undefined }; }
  async invite() { return { ok: true as const, value: undefined }; }
  async update() { return { ok: true as const, value: undefined }; }
  async pin() { return { ok: true as const, value: undefined }; }
  async archive() { return { ok: true as const, value: undefined }; }
  async post(message: SlackMessage): Promise<PortResult<{ ts: string }>> {
    if (this.failPost) return { ok: false, error: this.failPost };
    if (!this.posts.has(message.idempotencyKey)) this.posts.set(message.idempotencyKey, message);
    return { ok: true, value: { ts: '1.0' } };
  }
  async directMessage(user: string, message: Omit<SlackMessage, 'channel'>): Promise<PortResult<{ channel: string; ts: string }>> {
    if (this.failDm) return { ok: false, error: this.failDm };
    if (!this.dms.has(message.idempotencyKey)) this.dms.set(message.idempotencyKey, { user, text: message.text, blocks: message.blocks });
    return { ok: true, value: { channel: `D${user}`, ts: '2.0' } };
  }
  async userGroupMembers(group: string): Promise<PortResult<string[]>> {
    if (this.failGroups) return { ok: false, error: this.failGroups };
    return { ok: true, value: this.groups[group] ?? [] };
  }
  async lookupUserByEmail(email: string): Promise<PortResult<string | null>> {
    this.lookups.push(email);
    return { ok: true, value: this.emails[email] ?? null };
  }
  async uploadFile(): Promise<PortResult<{ fileId: string; permalink: string | null }>> {
    return { ok: false, error: { kind: 'give-up', message: 'paging never shares files' } };
  }
}

class FakePager implements Pager {
  triggers: Array<{ req: PageRequest; routingKey?: string }> = [];
  synced: Array<[string, string, string | undefined]> = [];
  fail: EffectError | null = null;
  async trigger(req: PageRequest, routingKey?: string): Promise<PortResult<{ dedupKey: string }>> {
    if (this.fail) return { ok: false, error: this.fail };
    this.triggers.push({ req, routingKey });
    return { ok: true, value: { dedupKey: req.dedupKey } };
  }
  async acknowledge(dedupKey: string, routingKey?: string): Promise<PortResult> {
    this.synced.push(['acknowledge', dedupKey, routingKey]);
    return { ok: true, value: undefined };
  }
  async resolve(dedupKey: string, routingKey?: string): Promise<PortResult> {
    this.synced.push(['resolve', dedupKey, routingKey]);
    return { ok: true, value: undefined };
  }
}

function incidentContext(over: Partial<IncidentContext> = {}): IncidentContext {
  return {
    id: 'inc_1', number: 7, title: 'Database is down', severity: 'sev1', status: 'triggered', service: 'db',
    roles: { commander: null, scribe: null, comms: null }, declaredBy: 'alert:generic', declaredAt: '2026-11-27T08:00:00.000Z',
    acknowledgedAt: null, resolvedAt: null, lastUpdate: null, channel: { id: 'C0INC', name: 'inc-7-database-is-down' }, summaryTs: null,
    escalation: { policy: { name: 'sre', levels: [{ targets: ['U0PRIMARY', 'pagerduty'], timeoutMs: 60_000 }], repeat: 0 }, level: 0, round: 0 },
    reopens: 0, pageFailures: [],
    ...over,
  } as IncidentContext;
}

interface Harness {
  chat: FakeChat;
  pager: FakePager;
  context: IncidentContext;
  sent: Array<Record<string, unknown>>;
  timeline: Array<{ kind: string; message: string }>;
  /** Runs attempt `attempt` of one page effect (same key every time). */
  page(targets: string[], attempt?: number, opts?: { maxAttempts?: number; key?: string; level?: number | null }): Promise<EffectResult>;
  sync(action: 'acknowledge' | 'resolve'): Promise<unknown>;
}

function harness(deps: Partial<Omit<PagingDeps, 'chat'>> & { chat?: SlackChatApi } = {}, contextOver: Partial<IncidentContext> = {}): Harness & { registry: EffectRegistry } {
  const chat = (deps.chat as FakeChat | undefined) ?? new FakeChat();
  const pager = new FakePager();
  const sent: Array<Record<string, unknown>> = [];
  const timeline: Array<{ kind: string; message: string }> = [];
  const h = { chat, pager, context: incidentContext(contextOver), sent, timeline } as Harness & { registry: EffectRegistry };
  const store = {
    kind: 'embedded',
    rpc: async (fn: string, args: Record<string, unknown>) => {
      if (fn === 'fb_incident_alerts') return { firing: 1, resolved: 0, latest: [] };
      if (fn === 'fb_incident_load') {
        return { workflow: { id: 'inc_1', kind: 'incident', machine_version: 1, version: 1, status: 'active', snapshot: { value: 'triggered', context: h.context }, summary: null, failure: null }, alerts: { firing: 1, resolved: 0, latest: [] } };
      }
      if (fn === 'fb_incident_alert_ips') return [];
      if (fn === 'fb_timeline_append') return void timeline.push({ kind: String(args.p_kind), message: String(args.p_message) });
      throw new Error(`unexpected rpc ${fn}`);
    },
    close: async () => {},
  } as unknown as Transport;
  const runner = { read: async () => ({ id: 'inc_1', kind: 'incident', status: 'active', version: 1, context: h.context }) } as unknown as WorkflowRunner;
  const registry = new EffectRegistry();
  const all: PagingDeps = { pager, store, runner, redact: (t) => t.replaceAll('hunter2', '[redacted]'), ...deps, chat: createChatPort(chat) };
  for (const [type, spec] of Object.entries({ ...pagingEffects(all), ...pagerSyncEffects(all) })) registry.define(type, spec as never);
  // What the incident machine does with the reports: one pageFailures entry per page key.
  const send = async (e: { type: string; [k: string]: unknown }) => {
    sent.push(e);
    if (e.type === 'page.failed') {
      const entry = { key: e.key, level: e.level, targets: e.targets, error: e.error, final: e.final, at: '' } as PageFailure;
      h.context = { ...h.context, pageFailures: [...h.context.pageFailures.filter((f) => f.key !== e.key), entry] };
    }
    if (e.type === 'page.delivered') h.context = { ...h.context, pageFailures: h.context.pageFailures.filter((f) => f.key !== e.key) };
  };
  h.registry = registry;
  h.page = async (targets, attempt = 1, opts = {}) => {
    const params = { incidentId: 'inc_1', level: opts.level === undefined ? 0 : opts.level, round: 0, targets, reason: 'declared' };
    const effect: Effect = { id: 1, type: 'page.targets', params, workflowId: 'inc_1', idempotencyKey: opts.key ?? 'eff:page:1', attempt, maxAttempts: opts.maxAttempts ?? 3 };
    return registry.get('page.targets')!.handler(effect, { signal: new AbortController().signal, send });
  };
  h.sync = async (action) => {
    const effect: Effect = { id: 2, type: 'pagerduty.sync', params: { incidentId: 'inc_1', action, via: null }, workflowId: 'inc_1', idempotencyKey: 'eff:sync', attempt: 1, maxAttempts: 3 };
    return registry.get('pagerduty.sync')!.handler(effect, { signal: new AbortController().signal, send });
  };
  return h;
}

const failures = (h: Harness) => h.sent.filter((e) => e.type === 'page.failed');

describe('page.targets', () => {
  it('pages every channel: a mention in the incident channel, a DM with the Acknowledge button, PagerDuty, a webhook', async () => {
    const requests: Array<{ url: string; init: RequestInit }> = [];
    const webhooks = createWebhookPager({
      webhooks: { bridge: { url: 'https://ops.example/hook', secret: null, timeoutMs: 1000 } },
      fetch: async (url, init) => (requests.push({ url: String(url), init: init! }), new Response(null, { status: 204 })),
    });
    const h = harness({ webhooks });
    const result = await h.page(['U0PRIMARY', 'S0SRE', 'pagerduty', 'webhook:bridge']);

    expect(result).toEqual({ ok: true, value: { reached: ['U0PRIMARY', 'S0SRE', 'pagerduty', 'webhook:bridge'], failed: [] } });
    expect([...h.chat.posts.values()]).toEqual([
      expect.objectContaining({ channel: 'C0INC', idempotencyKey: 'eff:page:1:slack', text: expect.stringMatching(/^:rotating_light: Paging <@U0PRIMARY> <!subteam\^S0SRE> \(level 1\)/) }),
    ]);
    const dm = h.chat.dms.get('eff:page:1:dm:U0PRIMARY')!;
    expect(dm.user).toBe('U0PRIMARY');
    expect(JSON.stringify(dm.blocks)).toContain(`"action_id":"${ACTION_IDS.acknowledge}","value":"inc_1"`);
    expect(h.pager.triggers).toEqual([
      {
        req: expect.objectContaining({
          dedupKey: 'inc_1', summary: '#7 Database is down', severity: 'sev1',
          customDetails: expect.objectContaining({ slack_channel: '#inc-7-database-is-down', slack_channel_url: 'https://slack.com/app_redirect?channel=C0INC' }),
        }),
        routingKey: undefined,
      },
    ]);
    expect(JSON.parse(String(requests[0]!.init.body))).toMatchObject({ incident: { id: 'inc_1', number: 7 }, level: 1, channel: { id: 'C0INC' } });
    expect(h.sent).toEqual([]);
  });

  it('DMs each member of a paged group once, also when they are paged by name, up to a bound', async () => {
    const h = harness();
    h.chat.groups = { S0SRE: ['U0PRIMARY', 'U0SECOND'], S0BIG: Array.from({ length: 40 }, (_, i) => `U0BIG${i}`) };
    const result = await h.page(['U0PRIMARY', 'S0SRE', 'S0BIG']);
    expect(result).toMatchObject({ ok: true, value: { failed: [] } });
    const dmed = [...h.chat.dms.values()].map((d) => d.user);
    expect(dmed.filter((u) => u === 'U0PRIMARY')).toHaveLength(1);
    expect(dmed).toContain('U0SECOND');
    expect(dmed.filter((u) => u.startsWith('U0BIG'))).toHaveLength(MAX_GROUP_DMS);
  });

  it('a group whose members cannot be listed is still reached by its mention', async () => {
    const h = harness();
    h.chat.failGroups = { kind: 'give-up', message: 'slack usergroups.users.list: missing_scope (needs scope usergroups:read) (S0SRE)' };
    expect(await h.page(['S0SRE'])).toEqual({ ok: true, value: { reached: ['S0SRE'], failed: [] } });
    expect(h.sent).toEqual([]);
  });

  it('signs a webhook page so the receiver can verify it, with the effect key as Idempotency-Key', async () => {
    let seen: { headers: Headers; body: string } | undefined;
    const webhooks = createWebhookPager({
      webhooks: { bridge: { url: 'https://ops.example/hook', secret: new Secret('whsec-1'), timeoutMs: 1000 } },
      fetch: async (_url, init) => ((seen = { headers: new Headers(init!.headers), body: String(init!.body) }), new Response(null, { status: 200 })),
    });
    const h = harness({ webhooks });
    await h.page(['webhook:bridge']);
    const timestamp = seen!.headers.get('x-firebreak-timestamp')!;
    expect(seen!.headers.get('idempotency-key')).toBe('eff:page:1');
    expect(seen!.headers.get('x-firebreak-signature')).toBe(`sha256=${createHmac('sha256', 'whsec-1').update(`${timestamp}.${seen!.body}`).digest('hex')}`);
  });

  it('Slack and PagerDuty both down: retries, reports the failure once, then for good on the last attempt', async () => {
    const h = harness();
    h.chat.failPost = down('slack chat.postMessage');
    h.chat.failDm = down('slack conversations.open');
    h.pager.fail = down('pagerduty trigger');

    const first = await h.page(['U0PRIMARY', 'pagerduty'], 1);
    expect(first).toMatchObject({ ok: false, error: { kind: 'retry' } });
    expect(failures(h)).toEqual([
      { type: 'page.failed', key: 'eff:page:1', level: 0, targets: ['U0PRIMARY', 'pagerduty'], final: false, error: expect.stringContaining('pagerduty trigger: HTTP 503') },
    ]);
    // Still failing, PagerDuty now throttling: nothing new to say.
    h.pager.fail = { kind: 'rate-limited', message: 'pagerduty trigger: HTTP 429 (throttled)', retryAfterMs: 30_000 };
    expect(await h.page(['U0PRIMARY', 'pagerduty'], 2)).toMatchObject({ ok: false, error: { kind: 'retry', retryAfterMs: 30_000 } });
    expect(failures(h)).toHaveLength(1);
    h.pager.fail = down('pagerduty trigger');

    const last = await h.page(['U0PRIMARY', 'pagerduty'], 3);
    expect(last).toMatchObject({ ok: false, error: { kind: 'retry' } });
    expect(failures(h)).toHaveLength(2);
    expect(failures(h)[1]).toMatchObject({ targets: ['U0PRIMARY', 'pagerduty'], final: true });
    expect(h.context.pageFailures).toMatchObject([{ key: 'eff:page:1', final: true }]);
  });

  it('a page that goes dead without settling (its last attempt threw) is reported failed for good; one already reported is not repeated', async () => {
    const h = harness();
    const onDead = h.registry.get('page.targets')!.onDead!;
    const effect: Effect = {
      id: 1, type: 'page.targets', params: { incidentId: 'inc_1', level: 1, round: 0, targets: ['U0PRIMARY', 'pagerduty', 'nobody'], reason: 'escalation' },
      workflowId: 'inc_1', idempotencyKey: 'eff:page:dead', attempt: 8, maxAttempts: 8,
    };
    const send = async (e: { type: string; [k: string]: unknown }) => {
      h.sent.push(e);
      h.context = { ...h.context, pageFailures: [...h.context.pageFailures, { key: String(e.key), final: Boolean(e.final) } as PageFailure] };
    };
    const ctx = { signal: new AbortController().signal, send };
    await onDead(effect, 'socket hang up (password hunter2)', ctx);
    expect(failures(h)).toEqual([
      { type: 'page.failed', key: 'eff:page:dead', level: 1, targets: ['U0PRIMARY', 'pagerduty', 'nobody'], error: 'socket hang up (password [redacted])', final: true },
    ]);
    await onDead(effect, 'again', ctx);
    expect(failures(h)).toHaveLength(1);
  });

  it('does not wait for the incident channel: DMs and PagerDuty go at once, the mention follows on a retry', async () => {
    const h = harness({}, { channel: null });
    const first = await h.page(['U0PRIMARY', 'pagerduty'], 1);
    expect(first).toMatchObject({ ok: false, error: { kind: 'retry', message: expect.stringContaining('not open yet') } });
    expect(h.pager.triggers).toHaveLength(1);
    expect([...h.chat.dms.values()].map((d) => d.user)).toEqual(['U0PRIMARY']);
    expect(h.chat.posts.size).toBe(0);
    expect(failures(h)).toEqual([]); // everyone was reached: nothing to worry anyone about

    h.context = { ...h.context, channel: { id: 'C0INC', name: 'inc-7-database-is-down' } };
    expect(await h.page(['U0PRIMARY', 'pagerduty'], 2)).toMatchObject({ ok: true });
    expect([...h.chat.posts.values()].map((m) => m.text)).toEqual([expect.stringContaining('Paging <@U0PRIMARY>')]);
    expect(h.pager.triggers).toHaveLength(1);
    expect(h.chat.dms.size).toBe(1);
  });

  it('a channel that never opens costs only the mention: the last attempt ends the page as done when everyone was reached', async () => {
    const h = harness({}, { channel: null });
    expect(await h.page(['U0PRIMARY', 'pagerduty'], 3, { maxAttempts: 3 })).toMatchObject({ ok: true, value: { reached: ['U0PRIMARY', 'pagerduty'] } });
    expect(failures(h)).toEqual([]);
  });

  it('repeats no part an earlier attempt recorded as done, even on another replica (no memory of it)', async () => {
    const first = harness({}, { channel: null });
    const progress: string[] = [];
    const params = { incidentId: 'inc_1', level: 0, round: 0, targets: ['U0PRIMARY', 'pagerduty'], reason: 'escalation' };
    const effect = (attempt: number, done: string[]): Effect => ({ id: 1, type: 'page.targets', params, workflowId: 'inc_1', idempotencyKey: 'eff:page:9', attempt, maxAttempts: 3, done });
    const ctx = { signal: new AbortController().signal, send: async () => {}, progress: async (p: string) => void progress.push(p) };
    await first.registry.get('page.targets')!.handler(effect(1, []), ctx);
    expect(first.pager.triggers).toHaveLength(1);
    expect(progress).toEqual(expect.arrayContaining(['eff:page:9:dm:U0PRIMARY', 'eff:page:9:pagerduty:']));

    const other = harness({}, {});
    expect(await other.registry.get('page.targets')!.handler(effect(2, progress), ctx)).toMatchObject({ ok: true });
    expect(other.pager.triggers).toEqual([]);
    expect(other.chat.dms.size).toBe(0);
    expect([...other.chat.posts.values()].map((m) => m.text)).toEqual([expect.stringContaining('Paging <@U0PRIMARY>')]);
  });

  it('orders pages with PagerDuty sync, apart from the Slack channel work', () => {
    const h = harness();
    const pageKey = h.registry.orderingKey('page.targets', { incidentId: 'inc_1' }, 'inc_1');
    expect(pageKey).toBe(h.registry.orderingKey('pagerduty.sync', { incidentId: 'inc_1' }, 'inc_1'));
    expect(pageKey).not.toBe('slack:inc_1');
  });

  it('PagerDuty 400 is final at once while Slack gets through; the page is not retried for it', async () => {
    const h = harness();
    h.pager.fail = { kind: 'give-up', message: 'pagerduty trigger: HTTP 400: Event object is invalid: dedup_key too long' };
    const result = await h.page(['U0PRIMARY', 'pagerduty']);
    expect(result).toEqual({ ok: true, value: { reached: ['U0PRIMARY'], failed: ['pagerduty'] } });
    expect(h.chat.dms.size).toBe(1);
    expect(failures(h)).toEqual([
      { type: 'page.failed', key: 'eff:page:1', level: 0, targets: ['pagerduty'], final: true, error: 'pagerduty trigger: HTTP 400: Event object is invalid: dedup_key too long' },
    ]);
  });

  it('a failure reported earlier is cleared with page.delivered once a retry gets through, re-sending nothing delivered', async () => {
    const h = harness();
    h.pager.fail = down('pagerduty trigger');
    h.chat.failPost = down('slack chat.postMessage');
    h.chat.failDm = down('slack conversations.open');
    await h.page(['U0PRIMARY', 'pagerduty'], 1);
    h.chat.failPost = null;
    h.chat.failDm = null;
    // Slack is back, PagerDuty is not: U0PRIMARY is reached, the page still retries for PagerDuty.
    expect(await h.page(['U0PRIMARY', 'pagerduty'], 2)).toMatchObject({ ok: false, error: { kind: 'retry' } });
    h.pager.fail = null;
    expect(await h.page(['U0PRIMARY', 'pagerduty'], 3)).toMatchObject({ ok: true });
    expect(h.sent.map((e) => [e.type, e.final])).toEqual([['page.failed', false], ['page.delivered', undefined]]);
    expect(h.context.pageFailures).toEqual([]);
    expect(h.chat.posts.size).toBe(1);
    expect(h.chat.dms.size).toBe(1);
    expect(h.pager.triggers).toHaveLength(1);
  });

  it('a rate limit is waiting, not failing: no report, and the wait comes back as rate-limited', async () => {
    const h = harness();
    h.pager.fail = { kind: 'rate-limited', message: 'pagerduty trigger: HTTP 429 (throttled)', retryAfterMs: 30_000 };
    h.chat.failPost = { kind: 'rate-limited', message: 'slack chat.postMessage: rate limited', retryAfterMs: 5_000 };
    h.chat.failDm = { kind: 'rate-limited', message: 'slack conversations.open: rate limited', retryAfterMs: 5_000 };
    expect(await h.page(['U0PRIMARY', 'pagerduty'], 3)).toMatchObject({ ok: false, error: { kind: 'rate-limited', retryAfterMs: 30_000 } });
    expect(h.sent).toEqual([]);
  });

  it('a rate limit after some parts got through is a counted retry, so the next attempt looks before it posts', async () => {
    const h = harness();
    h.pager.fail = { kind: 'rate-limited', message: 'pagerduty trigger: HTTP 429 (throttled)', retryAfterMs: 30_000 };
    expect(await h.page(['U0PRIMARY', 'pagerduty'], 1)).toMatchObject({ ok: false, error: { kind: 'retry', retryAfterMs: 30_000 } });
    expect(h.sent).toEqual([]);
  });

  it('finds a user by email and pages them like a user id; an email nobody has fails for good, once', async () => {
    const h = harness();
    h.chat.emails = { 'ada@example.com': 'U0ADA' };
    const result = await h.page(['ada@example.com', 'nobody@example.com']);
    expect(result).toEqual({ ok: true, value: { reached: ['ada@example.com'], failed: ['nobody@example.com'] } });
    expect([...h.chat.posts.values()][0]!.text).toContain('Paging <@U0ADA> (level 1)');
    expect([...h.chat.dms.values()].map((d) => d.user)).toEqual(['U0ADA']);
    expect(failures(h)).toEqual([
      { type: 'page.failed', key: 'eff:page:1', level: 0, targets: ['nobody@example.com'], final: true, error: 'no Slack user has the email nobody@example.com' },
    ]);
    // A later attempt (another target retrying) does not say it again.
    await h.page(['ada@example.com', 'nobody@example.com'], 2);
    expect(failures(h)).toHaveLength(1);
  });

  it('notes unknown targets on the timeline and pages the rest', async () => {
    const h = harness();
    await h.page(['U0PRIMARY', 'not a target']);
    await h.page(['U0PRIMARY', 'not a target']);
    expect(h.timeline).toEqual([{ kind: 'escalation.unreachable', message: expect.stringContaining('Cannot page not a target') }]);
    expect(h.chat.dms.size).toBe(1);
  });

  it('a page to nobody reachable at all gives up (the effect is dead), reported as final, secrets redacted', async () => {
    const h = harness({ pager: null });
    const result = await h.page(['pagerduty', 'webhook:missing']);
    expect(result).toMatchObject({ ok: false, error: { kind: 'give-up' } });
    expect(failures(h)).toEqual([
      expect.objectContaining({ targets: ['pagerduty', 'webhook:missing'], final: true, error: expect.stringContaining('PAGERDUTY_ROUTING_KEY is not set') }),
    ]);
    h.chat.failPost = { kind: 'give-up', message: 'slack chat.postMessage: invalid_auth hunter2' };
    h.chat.failDm = h.chat.failPost;
    await h.page(['U0PRIMARY'], 1, { key: 'eff:page:2' });
    expect(failures(h)[1]!.error).toBe('slack chat.postMessage: invalid_auth [redacted]');
  });

  it('pages PagerDuty under a fresh dedup key after a reopen, and acknowledges under the key it triggered', async () => {
    const h = harness({}, { reopens: 1 });
    await h.page(['pagerduty', `pagerduty:${ROUTING_KEY}`]);
    expect(h.pager.triggers.map((t) => [t.req.dedupKey, t.routingKey])).toEqual([['inc_1~1', undefined], ['inc_1~1', ROUTING_KEY]]);
    h.context = { ...h.context, escalation: { ...h.context.escalation, policy: { name: 'sre', levels: [{ targets: ['pagerduty', `pagerduty:${ROUTING_KEY}`], timeoutMs: 1 }], repeat: 0 } } };
    await h.sync('acknowledge');
    expect(h.pager.synced).toEqual([['acknowledge', 'inc_1~1', undefined], ['acknowledge', 'inc_1~1', ROUTING_KEY]]);
  });

  it('pages a named PagerDuty service with the routing key the environment holds, and names only the service', async () => {
    const h = harness({ routingKeys: (service) => (service === 'payments' ? ROUTING_KEY : undefined) });
    const result = await h.page(['pagerduty:payments', 'pagerduty:billing']);
    expect(h.pager.triggers.map((t) => t.routingKey)).toEqual([ROUTING_KEY]);
    expect(result).toMatchObject({ ok: true, value: { reached: ['pagerduty:payments'], failed: ['pagerduty:billing'] } });
    expect(failures(h)).toEqual([
      expect.objectContaining({ targets: ['pagerduty:billing'], final: true, error: 'PagerDuty service billing: not configured (pagerduty.services.billing.routing_key_env)' }),
    ]);
    expect(JSON.stringify([h.sent, h.timeline])).not.toContain(ROUTING_KEY);
  });

  it('resolves in PagerDuty an integration that was only paged by hand', async () => {
    const h = harness({}, { pagedByHand: ['U0EXTRA', `pagerduty:${ROUTING_KEY}`] });
    h.context = { ...h.context, escalation: { ...h.context.escalation, policy: { name: 'sre', levels: [{ targets: ['U0PRIMARY'], timeoutMs: 1 }], repeat: 0 } } };
    await h.sync('resolve');
    expect(h.pager.synced).toEqual([['resolve', 'inc_1', ROUTING_KEY]]);
  });
});

describe('page.targets with the Slack adapter', () => {
  let fake: FakeSlack | undefined;
  afterEach(async () => fake?.close());

  it('looks an email up once for two pages (cached), and DMs the user it found', async () => {
    fake = await startFakeSlack({ users: [{ id: 'U0ADA', name: 'ada', email: 'ada@example.com' }] });
    fake.state.channels.set('C0INC', { id: 'C0INC', name: 'inc-7', is_private: false, is_archived: false, creator: fake.state.botUserId, created: 0, topic: '' });
    fake.state.members.set('C0INC', new Set([fake.state.botUserId]));
    const chat = createSlackChat(createSlackClient({ token: 'xoxb-test', apiUrl: fake.url, timeoutMs: 2_000 }), { botUserId: fake.state.botUserId });
    const h = harness({ chat: chat as unknown as FakeChat });
    await h.page(['ada@example.com'], 1, { key: 'eff:page:1' });
    await h.page(['ada@example.com'], 1, { key: 'eff:page:2', level: 1 });
    expect(fake.calls.filter((c) => c.method === 'users.lookupByEmail')).toHaveLength(1);
    expect(fake.directMessages('U0ADA')).toHaveLength(2);
    expect(fake.state.messages.filter((m) => m.channel === 'C0INC').map((m) => m.text)).toEqual([
      expect.stringContaining('Paging <@U0ADA> (level 1)'),
      expect.stringContaining('Paging <@U0ADA> (level 2)'),
    ]);
  });
});
