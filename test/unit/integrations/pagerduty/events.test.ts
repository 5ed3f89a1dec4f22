// Tests: PagerDuty Events API v2 adapter under nock — the exact bodies sent, and each answer → ok, retry or give-up.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PortResult } from '../../../../src/effects/ports.js';
import { createPagerDutyEvents, THROTTLED_RETRY_MS, toPagerDutySeverity, type PagerDutyEventsOptions } from '../../../../src/integrations/pagerduty/events.js';
import { CHANNEL, fixture, KEY, PAGE, type Json } from './events-fixtures.js';

const PD = 'https://events.pagerduty.com';
const OTHER_KEY = 'deadbeefdeadbeefdeadbeefdeadbe02';

const pager = (opts: Partial<PagerDutyEventsOptions> = {}) => createPagerDutyEvents({ routingKey: KEY, ...opts });

interface Recorded {
  scope: nock.Scope;
  bodies: Json[];
  contentTypes: Array<string | null>;
}

/** One expected POST /v2/enqueue on `base`, answered with `status`; records what was sent. */
function enqueue(status: number, body: Json | string = '', headers: Record<string, string> = {}, base = PD): Recorded {
  const rec: Omit<Recorded, 'scope'> = { bodies: [], contentTypes: [] };
  const scope = nock(base)
    .post('/v2/enqueue')
    .reply(async (req: Request) => {
      rec.contentTypes.push(req.headers.get('content-type'));
      rec.bodies.push((await req.json()) as Json);
      return [status, body, typeof body === 'string' ? headers : { 'content-type': 'application/json', ...headers }];
    });
  return { scope, ...rec };
}

const accepted = (dedupKey = PAGE.dedupKey) => ({ ...fixture('response.202'), dedup_key: dedupKey });

function errorOf(result: PortResult<unknown>) {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('expected a failure');
  return result.error;
}

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
});

describe('createPagerDutyEvents: the bodies sent', () => {
  it('triggers with the exact Events API v2 body: dedup_key, payload, custom_details with the summary and the Slack channel, client, links', async () => {
    const pd = enqueue(202, accepted());
    const result = await pager().trigger(PAGE);
    expect(result).toEqual({ ok: true, value: { dedupKey: 'firebreak/inc-42' } });
    expect(pd.bodies).toStrictEqual([fixture('trigger.request')]);
    expect(pd.contentTypes).toEqual(['application/json']);
    expect(pd.scope.isDone()).toBe(true);
  });

  it('acknowledges with only routing_key, event_action and dedup_key', async () => {
    const pd = enqueue(202, accepted());
    expect(await pager().acknowledge('firebreak/inc-42')).toEqual({ ok: true, value: undefined });
    expect(pd.bodies).toStrictEqual([fixture('acknowledge.request')]);
    expect(pd.scope.isDone()).toBe(true);
  });

  it('resolves with only routing_key, event_action and dedup_key', async () => {
    const pd = enqueue(202, accepted());
    expect(await pager().resolve('firebreak/inc-42')).toEqual({ ok: true, value: undefined });
    expect(pd.bodies).toStrictEqual([fixture('resolve.request')]);
    expect(pd.scope.isDone()).toBe(true);
  });

  it('sends the same dedup_key on a retried trigger, the acknowledge and the resolve', async () => {
    const first = enqueue(500, { status: 'error', message: 'Internal Server Error' });
    const again = enqueue(202, accepted());
    const ack = enqueue(202, accepted());
    const res = enqueue(202, accepted());
    const p = pager();
    expect((await p.trigger(PAGE)).ok).toBe(false);
    expect((await p.trigger(PAGE)).ok).toBe(true);
    expect((await p.acknowledge(PAGE.dedupKey)).ok).toBe(true);
    expect((await p.resolve(PAGE.dedupKey)).ok).toBe(true);
    const sent = [first, again, ack, res].flatMap((r) => r.bodies);
    expect(sent.map((b) => [b.event_action, b.dedup_key])).toEqual([
      ['trigger', 'firebreak/inc-42'],
      ['trigger', 'firebreak/inc-42'],
      ['acknowledge', 'firebreak/inc-42'],
      ['resolve', 'firebreak/inc-42'],
    ]);
    expect(sent[0]).toStrictEqual(sent[1]);
    for (const r of [first, again, ack, res]) expect(r.scope.isDone()).toBe(true);
  });

  it('leaves out optional fields that were not given', async () => {
    const pd = enqueue(202, accepted('bare'));
    await pager().trigger({ dedupKey: 'bare', summary: 'disk full', source: 'db-1', severity: 'sev3' });
    expect(pd.bodies).toStrictEqual([
      {
        routing_key: KEY,
        event_action: 'trigger',
        dedup_key: 'bare',
        payload: { summary: 'disk full', source: 'db-1', severity: 'warning' },
        client: 'Firebreak',
      },
    ]);
  });

  it('uses the routing key given per call instead of the default: a policy can page another service', async () => {
    const trig = enqueue(202, accepted());
    const ack = enqueue(202, accepted());
    const res = enqueue(202, accepted());
    const p = pager();
    await p.trigger(PAGE, OTHER_KEY);
    await p.acknowledge(PAGE.dedupKey, OTHER_KEY);
    await p.resolve(PAGE.dedupKey, OTHER_KEY);
    expect([trig, ack, res].map((r) => r.bodies[0]?.routing_key)).toEqual([OTHER_KEY, OTHER_KEY, OTHER_KEY]);
    expect(trig.bodies[0]).toStrictEqual({ ...fixture('trigger.request'), routing_key: OTHER_KEY });
  });

  it('names the client as configured', async () => {
    const pd = enqueue(202, accepted());
    await pager({ clientName: 'Firebreak (staging)' }).trigger(PAGE);
    expect(pd.bodies[0]?.client).toBe('Firebreak (staging)');
  });

  it('posts to /v2/enqueue under an http loopback base URL, with or without a trailing slash', async () => {
    const base = 'http://127.0.0.1:4010';
    const plain = enqueue(202, accepted(), {}, base);
    const slashed = enqueue(202, accepted(), {}, base);
    expect((await pager({ eventsUrl: base }).trigger(PAGE)).ok).toBe(true);
    expect((await pager({ eventsUrl: `${base}/` }).resolve(PAGE.dedupKey)).ok).toBe(true);
    expect(plain.bodies).toStrictEqual([fixture('trigger.request')]);
    expect(slashed.bodies).toStrictEqual([fixture('resolve.request')]);
    expect(plain.scope.isDone() && slashed.scope.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe('createPagerDutyEvents: the summary', () => {
  it('keeps a summary of exactly 1024 characters as it is', async () => {
    const pd = enqueue(202, accepted());
    const summary = 's'.repeat(1024);
    await pager().trigger({ ...PAGE, summary });
    expect((pd.bodies[0]?.payload as Json).summary).toBe(summary);
  });

  it('cuts a longer summary to 1024 characters ending in an ellipsis; custom_details still carry the full text', async () => {
    const pd = enqueue(202, accepted());
    const long = `${'x'.repeat(1500)} tail`;
    await pager().trigger({ ...PAGE, summary: long, customDetails: { summary: long, slack_channel: CHANNEL } });
    const payload = pd.bodies[0]?.payload as Json;
    expect(payload.summary).toBe(`${'x'.repeat(1023)}…`);
    expect(payload.custom_details).toEqual({ summary: long, slack_channel: CHANNEL });
  });

  it('never splits an emoji at the cut', async () => {
    const pd = enqueue(202, accepted());
    await pager().trigger({ ...PAGE, summary: `${'a'.repeat(1022)}🔥🔥🔥` });
    const summary = (pd.bodies[0]?.payload as Json).summary as string;
    expect(summary).toBe(`${'a'.repeat(1022)}…`);
    expect(summary.length).toBeLessThanOrEqual(1024);
  });
});

describe('createPagerDutyEvents: answers', () => {
  it('202 → ok with the dedup_key PagerDuty answered', async () => {
    const pd = enqueue(202, fixture('response.202'));
    expect(await pager().trigger(PAGE)).toEqual({ ok: true, value: { dedupKey: 'firebreak/inc-42' } });
    expect(pd.scope.isDone()).toBe(true);
  });

  it('400 → give-up with PagerDuty message and errors', async () => {
    const pd = enqueue(400, fixture('response.400'));
    const error = errorOf(await pager().trigger(PAGE));
    expect(error).toEqual({
      kind: 'give-up',
      message: "pagerduty trigger: HTTP 400: Event object is invalid: Length of 'routing_key' is incorrect (should be 32 characters)",
    });
    expect(pd.scope.isDone()).toBe(true);
  });

  it('429 → rate-limited, retry after the Retry-After seconds', async () => {
    const pd = enqueue(429, '', { 'retry-after': '12' });
    expect(errorOf(await pager().trigger(PAGE))).toMatchObject({ kind: 'rate-limited', retryAfterMs: 12_000 });
    expect(pd.scope.isDone()).toBe(true);
  });

  it('429 → rate-limited, retry at the Retry-After date', async () => {
    enqueue(429, '', { 'retry-after': 'Thu, 02 May 2024 10:01:30 GMT' });
    const now = () => Date.parse('2024-05-02T10:00:00Z');
    expect(errorOf(await pager({ now }).acknowledge(PAGE.dedupKey))).toMatchObject({ kind: 'rate-limited', retryAfterMs: 90_000 });
  });

  it('429 without Retry-After → retry after 30 s, not at once', async () => {
    const pd = enqueue(429, '');
    const error = errorOf(await pager().trigger(PAGE));
    expect(error).toEqual({ kind: 'rate-limited', message: 'pagerduty trigger: HTTP 429 (throttled)', retryAfterMs: THROTTLED_RETRY_MS });
    expect(THROTTLED_RETRY_MS).toBe(30_000);
    expect(pd.scope.isDone()).toBe(true);
  });

  it('500 → retry, with PagerDuty message', async () => {
    const pd = enqueue(500, { status: 'Internal Server Error', message: 'An internal error occurred' });
    expect(errorOf(await pager().resolve(PAGE.dedupKey))).toEqual({ kind: 'retry', message: 'pagerduty resolve: HTTP 500: An internal error occurred' });
    expect(pd.scope.isDone()).toBe(true);
  });

  it('503 from a proxy → retry, its page clipped into one line, Retry-After honoured', async () => {
    enqueue(503, `<html>\n<body>${'Service Unavailable '.repeat(40)}</body>\n</html>`, { 'retry-after': '5' });
    const error = errorOf(await pager().trigger(PAGE));
    expect(error).toMatchObject({ kind: 'retry', retryAfterMs: 5_000 });
    expect(error.message).toMatch(/^pagerduty trigger: HTTP 503: <html> <body>Service Unavailable/);
    expect(error.message.length).toBeLessThan(400);
  });

  it('a network error → retry', async () => {
    const scope = nock(PD).post('/v2/enqueue').replyWithError('socket hang up');
    expect(errorOf(await pager().trigger(PAGE))).toEqual({ kind: 'retry', message: 'pagerduty trigger: request failed: fetch failed (socket hang up)' });
    expect(scope.isDone()).toBe(true);
  });

  it('a timeout → retry', async () => {
    // nock 15 does not abort a delayed reply on the request's signal, so the hung server is a fetch that waits for it.
    const hung: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error)));
    expect(errorOf(await pager({ fetch: hung, timeoutMs: 20 }).trigger(PAGE))).toEqual({
      kind: 'retry',
      message: 'pagerduty trigger: request failed: timed out after 20 ms',
    });
  });

  it.each([
    [401, /refused: check the routing key and PAGERDUTY_EVENTS_URL/],
    [403, /refused: check the routing key and PAGERDUTY_EVENTS_URL/],
    [404, /no Events API at https:\/\/events\.pagerduty\.com: check PAGERDUTY_EVENTS_URL/],
    [413, /^pagerduty trigger: HTTP 413$/],
  ])('%i → give-up', async (status, message) => {
    const pd = enqueue(status, '');
    const error = errorOf(await pager().trigger(PAGE));
    expect(error.kind).toBe('give-up');
    expect(error.message).toMatch(message);
    expect(pd.scope.isDone()).toBe(true);
  });

  it('sends one request per call: retrying is the outbox job', async () => {
    const pd = enqueue(429, '');
    await pager().trigger(PAGE);
    expect(pd.bodies).toHaveLength(1);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('gives up without a request on an empty dedup_key: PagerDuty would open a new incident on every retry', async () => {
    const error = errorOf(await pager().trigger({ ...PAGE, dedupKey: '' }));
    expect(error).toEqual({ kind: 'give-up', message: 'pagerduty trigger: empty dedup_key' });
  });

  it('gives up without a request on a dedup_key over 255 characters', async () => {
    expect(errorOf(await pager().resolve('k'.repeat(256))).kind).toBe('give-up');
  });

  it('gives up without a request when there is no routing key', async () => {
    expect(errorOf(await pager({ routingKey: '' }).trigger(PAGE))).toEqual({ kind: 'give-up', message: 'pagerduty trigger: no routing key configured' });
  });
});

describe('createPagerDutyEvents: the routing key stays secret', () => {
  const echoed = `Routing key ${KEY} / ${OTHER_KEY.toUpperCase()} is not a valid integration key`;

  it('no error message contains the routing key, whatever the answer echoes', async () => {
    const cases: Array<() => Promise<PortResult<unknown>>> = [];
    const p = pager();
    const failing: Array<[number, Json | string]> = [
      [400, { status: 'invalid event', message: 'Event object is invalid', errors: [echoed] }],
      [400, { status: 'invalid event', message: echoed }],
      [401, ''],
      [403, echoed],
      [404, ''],
      [429, { status: 'throttle event', message: echoed }],
      [500, `<pre>${JSON.stringify(fixture('trigger.request'))}</pre>`],
      [502, `upstream said: ${'.'.repeat(280)}${KEY}`],
    ];
    for (const [status, body] of failing) {
      enqueue(status, body);
      cases.push(() => p.trigger(PAGE));
      enqueue(status, body);
      cases.push(() => p.acknowledge(PAGE.dedupKey, OTHER_KEY));
    }
    nock(PD).post('/v2/enqueue').replyWithError(`connection reset while sending ${KEY}`);
    cases.push(() => p.resolve(PAGE.dedupKey));

    const messages: string[] = [];
    for (const run of cases) messages.push(errorOf(await run()).message);
    expect(nock.pendingMocks()).toEqual([]);
    expect(messages).toHaveLength(failing.length * 2 + 1);
    for (const message of messages) {
      expect(message.toLowerCase()).not.toContain(KEY.toLowerCase());
      expect(message.toLowerCase()).not.toContain(OTHER_KEY.toLowerCase());
      // Nor a clipped piece of one.
      expect(message.toLowerCase()).not.toContain(KEY.slice(0, 12));
    }
    expect(messages[0]).toContain('[redacted]');
  });

  it('redacts a routing key of an unusual shape by its value', async () => {
    const key = 'routing.key+v2';
    enqueue(400, { status: 'invalid event', message: `Unknown routing key ${key.toUpperCase()}` });
    const error = errorOf(await pager({ routingKey: key }).trigger(PAGE));
    expect(error.message).toBe('pagerduty trigger: HTTP 400: Unknown routing key [redacted]');
  });
});

describe('toPagerDutySeverity', () => {
  it('maps sev1–sev4 onto critical, error, warning, info', () => {
    expect((['sev1', 'sev2', 'sev3', 'sev4'] as const).map(toPagerDutySeverity)).toEqual(['critical', 'error', 'warning', 'info']);
  });
});
