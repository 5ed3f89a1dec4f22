// Tests: PagerDuty webhook payloads → Alerts, external actions, ignored deliveries and malformed fields.
import { describe, expect, it } from 'vitest';
import { pagerdutyWebhook } from '../../../../src/integrations/pagerduty/webhook.js';
import { fixture, headersFor, rawFixture, type FixtureName } from './fixtures.js';

const parseFixture = (name: FixtureName, body: unknown = fixture(name)) => pagerdutyWebhook.parse(headersFor(rawFixture(name)), body);

function delivered(name: FixtureName, body?: unknown) {
  const result = parseFixture(name, body);
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

describe('PagerDuty incident.triggered', () => {
  it('offers both a trigger action and an alert keyed by the incident id: the edge keeps one', () => {
    const value = delivered('incident.triggered');
    expect(value.deliveryId).toBe('01DEN26ZGN6HSGJYWKNEZ1K3ZA');
    expect(value.ignored).toBeNull();
    expect(value.external).toEqual([
      { system: 'pagerduty', externalId: 'PGR0VU2', action: 'triggered', actor: 'API Service', incidentKey: 'd3640fbd41094207a1c11e58e46b1662' },
    ]);
    expect(value.alerts).toHaveLength(1);
    const alert = value.alerts[0]!;
    expect(alert.key).toBe(value.external[0]!.externalId);
    expect(alert).toMatchObject({
      source: 'pagerduty',
      key: 'PGR0VU2',
      groupKey: null,
      status: 'firing',
      sourceSeverity: 'high',
      title: 'A little bump in the road',
      description: 'PagerDuty incident #2 on API Service\nPriority: P1\nAssigned to: User 123',
      service: 'API Service',
      environment: null,
      tags: { urgency: 'high', priority: 'P1', pagerduty_service_id: 'PF9KMXH', escalation_policy: 'Default', team: 'Engineering' },
      links: [{ kind: 'source', url: 'https://acme.pagerduty.com/incidents/PGR0VU2' }],
      startedAt: '2020-04-09T15:16:27.000Z',
      endedAt: null,
    });
    expect(alert.raw).toEqual(fixture('incident.triggered'));
  });

  it('reads a low-urgency incident without priority, assignees or teams', () => {
    const body = fixture('incident.triggered') as { event: { data: Record<string, unknown> } };
    Object.assign(body.event.data, { urgency: 'low', priority: null, assignees: [], teams: [] });
    const alert = delivered('incident.triggered', body).alerts[0]!;
    expect(alert).toMatchObject({ sourceSeverity: 'low', description: 'PagerDuty incident #2 on API Service', tags: { urgency: 'low', pagerduty_service_id: 'PF9KMXH', escalation_policy: 'Default' } });
    expect(alert.tags).not.toHaveProperty('priority');
  });
});

describe('PagerDuty acknowledge, resolve and reopen', () => {
  it.each([
    ['incident.acknowledged', 'acknowledged', null],
    ['incident.resolved', 'resolved', 'resolved'],
    ['incident.reopened', 'reopened', 'firing'],
  ] as const)('%s becomes a %s action by the agent (and, for an incident we did not page, alert status %s)', (name, action, alertStatus) => {
    const value = delivered(name);
    expect(value.ignored).toBeNull();
    expect(value.external).toEqual([
      { system: 'pagerduty', externalId: 'PGR0VU2', action, actor: 'Tenex Engineer', incidentKey: 'd3640fbd41094207a1c11e58e46b1662' },
    ]);
    // The edge keeps the action for incidents Firebreak paged and the alert for the rest.
    if (alertStatus === null) expect(value.alerts).toEqual([]);
    else expect(value.alerts).toEqual([expect.objectContaining({ source: 'pagerduty', key: 'PGR0VU2', status: alertStatus })]);
  });

  it('names no actor when PagerDuty sends no agent', () => {
    const body = fixture('incident.resolved') as { event: Record<string, unknown> };
    body.event.agent = null;
    expect(delivered('incident.resolved', body).external[0]!.actor).toBeNull();
  });
});

describe('PagerDuty delivery identity', () => {
  it('is the signed event.id, whatever X-Webhook-Id says: a replay with a fresh header is the same delivery', () => {
    const raw = rawFixture('incident.acknowledged');
    const first = pagerdutyWebhook.parse({ ...headersFor(raw), 'x-webhook-id': 'first' }, fixture('incident.acknowledged'));
    const replay = pagerdutyWebhook.parse({ ...headersFor(raw), 'x-webhook-id': 'fresh-id-chosen-by-the-replayer' }, fixture('incident.acknowledged'));
    expect(first.ok && first.value.deliveryId).toBe('01DEN27BHCJG7MCDEDB3D3ZW1A');
    expect(replay.ok && replay.value.deliveryId).toBe('01DEN27BHCJG7MCDEDB3D3ZW1A');
  });

  it('leaves the id to the signed digest when a body has no event.id', () => {
    const body = fixture('incident.acknowledged') as { event: Record<string, unknown> };
    delete body.event.id;
    expect(delivered('incident.acknowledged', body).deliveryId).toBeNull();
  });
});

describe('PagerDuty events Firebreak does not act on', () => {
  it('answers pagey.ping as ignored', () => {
    expect(delivered('pagey.ping')).toEqual({
      deliveryId: '01FKZOXA868SHYEE4DVNWB5P9W',
      alerts: [],
      external: [],
      ignored: expect.stringContaining('pagey.ping'),
    });
  });

  it.each(['incident.priority_updated', 'incident.annotated', 'service.updated'])('ignores %s', (type) => {
    const body = fixture('incident.priority_updated') as { event: Record<string, unknown> };
    body.event.event_type = type;
    expect(delivered('incident.priority_updated', body)).toMatchObject({ alerts: [], external: [], ignored: expect.stringContaining(type) });
  });
});

describe('malformed PagerDuty payloads', () => {
  const without = (name: FixtureName, key: string) => {
    const body = fixture(name) as { event: { data: Record<string, unknown> } };
    delete body.event.data[key];
    return body;
  };

  it.each([
    ['incident.triggered', 'id', 'event.data.id'],
    ['incident.triggered', 'title', 'event.data.title'],
    ['incident.triggered', 'urgency', 'event.data.urgency'],
    ['incident.triggered', 'service', 'event.data.service'],
    ['incident.acknowledged', 'id', 'event.data.id'],
  ] as const)('%s without data.%s names %s', (name, key, field) => {
    expect(parseFixture(name, without(name, key))).toMatchObject({ ok: false, error: { kind: 'malformed', field } });
  });

  it('names array positions in the path', () => {
    const body = fixture('incident.triggered') as { event: { data: Record<string, unknown> } };
    body.event.data.teams = [{ summary: 'Engineering' }, { summary: 42 }];
    expect(parseFixture('incident.triggered', body)).toMatchObject({ ok: false, error: { field: 'event.data.teams[1].summary' } });
  });

  it('names event.event_type when it is missing, and event when the body is not a v3 webhook', () => {
    expect(parseFixture('pagey.ping', { event: { id: 'x' } })).toMatchObject({ ok: false, error: { field: 'event.event_type' } });
    expect(parseFixture('pagey.ping', { messages: [] })).toMatchObject({ ok: false, error: { field: 'event' } });
    expect(parseFixture('pagey.ping', null)).toMatchObject({ ok: false, error: { field: 'body' } });
  });
});
