// Tests: Sentry webhook payloads → Alerts, external actions, ignored deliveries and malformed fields.
import { describe, expect, it } from 'vitest';
import { sentryWebhook } from '../../../../src/integrations/sentry/webhook.js';
import { fixture, FIXTURES, headersFor, rawFixture, type FixtureName } from './fixtures.js';

function parseFixture(name: FixtureName, body: unknown = fixture(name)) {
  return sentryWebhook.parse(headersFor(FIXTURES[name], rawFixture(name)), body);
}

function onlyAlert(name: FixtureName, body?: unknown) {
  const result = parseFixture(name, body);
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  expect(result.value.alerts).toHaveLength(1);
  expect(result.value.ignored).toBeNull();
  return result.value.alerts[0]!;
}

describe('Sentry issue alert (event_alert) → Alert', () => {
  it('fires an alert keyed by the issue id, with level, project, tags and links', () => {
    const alert = onlyAlert('event_alert.triggered');
    expect(alert).toMatchObject({
      source: 'sentry',
      key: '1117540176',
      groupKey: null,
      status: 'firing',
      sourceSeverity: 'error',
      title: 'ReferenceError: heck is not defined',
      description: '?(<anonymous>)\nAlert rule: Very Important Alert Rule!',
      service: 'front-end',
      environment: null,
      startedAt: '2019-08-19T21:06:17.677Z',
      endedAt: null,
    });
    expect(alert.tags).toMatchObject({ level: 'error', browser: 'Chrome 75.0.3770', 'os.name': 'Mac OS X', handled: 'no' });
    expect(alert.links).toEqual([
      { kind: 'issue', url: 'https://sentry.io/organizations/test-org/issues/1117540176/' },
      { kind: 'source', url: 'https://sentry.io/organizations/test-org/issues/1117540176/events/e4874d664c3540c1a32eab185f12c5ab/' },
    ]);
    expect(alert.raw).toEqual(fixture('event_alert.triggered'));
  });

  it('does not take the unsigned Request-ID as the delivery id (the edge uses the signed digest)', () => {
    const result = parseFixture('event_alert.triggered');
    expect(result.ok && result.value.deliveryId).toBeNull();
  });

  it('takes the environment from the event, or from its environment tag', () => {
    const body = fixture('event_alert.triggered') as { data: { event: Record<string, unknown> } };
    body.data.event.tags = [['environment', 'production'], ['level', 'fatal']];
    expect(onlyAlert('event_alert.triggered', body)).toMatchObject({ environment: 'production', sourceSeverity: 'error' });
    body.data.event.environment = 'staging';
    expect(onlyAlert('event_alert.triggered', body).environment).toBe('staging');
  });

  it('keeps credentials a captured request carried out of raw', () => {
    const body = fixture('event_alert.triggered') as { data: { event: { request: Record<string, unknown> } } };
    body.data.event.request.headers = [['User-Agent', 'curl/8'], ['Authorization', 'Bearer sk_live_abc'], ['Cookie', 'session=1']];
    body.data.event.request.cookies = { session: 'abc' };
    const raw = onlyAlert('event_alert.triggered', body).raw as typeof body;
    expect(raw.data.event.request.headers).toEqual([['User-Agent', 'curl/8'], ['Authorization', '[redacted]'], ['Cookie', '[redacted]']]);
    expect(raw.data.event.request.cookies).toBe('[redacted]');
    expect(JSON.stringify(raw)).not.toContain('sk_live_abc');
  });

  it('accepts a numeric issue id and keys it as the same string', () => {
    const body = fixture('event_alert.triggered') as { data: { event: Record<string, unknown> } };
    body.data.event.issue_id = 1117540176;
    expect(onlyAlert('event_alert.triggered', body).key).toBe('1117540176');
  });
});

describe('Sentry metric alert → Alert', () => {
  it('keys critical, warning and resolved by organization id and incident identifier', () => {
    const alerts = (['metric_alert.critical', 'metric_alert.warning', 'metric_alert.resolved'] as const).map((n) => onlyAlert(n));
    expect(alerts.map((a) => a.key)).toEqual(['5:1', '5:1', '5:1']);
    expect(alerts.map((a) => a.status)).toEqual(['firing', 'firing', 'resolved']);
    expect(alerts.map((a) => a.sourceSeverity)).toEqual(['critical', 'warning', null]);
  });

  it('names the alert after its rule and links the alert page', () => {
    expect(onlyAlert('metric_alert.critical')).toMatchObject({
      title: 'Too many errors',
      description: '1000 events in the last 10 minutes\\nFilter: level:error',
      service: 'bar',
      environment: null,
      tags: { project: 'bar', alert_rule_id: '7', dataset: 'events', aggregate: 'count()', query: 'level:error' },
      links: [{ kind: 'monitor', url: 'https://sentry.io/organizations/baz/alerts/1/' }],
      startedAt: '2020-09-13T12:26:40.000Z',
      endedAt: null,
    });
  });

  it('does not mistake a metric alert for the issue with the same number', () => {
    expect(onlyAlert('metric_alert.critical').key).not.toBe('1');
  });
});

describe('Sentry issue webhooks', () => {
  it('resolves the issue alert: the same key as the event_alert for that issue', () => {
    const fired = onlyAlert('event_alert.triggered');
    const resolved = onlyAlert('issue.resolved');
    expect(resolved.key).toBe(fired.key);
    expect(resolved).toMatchObject({
      status: 'resolved',
      sourceSeverity: 'error',
      title: 'ReferenceError: heck is not defined',
      service: 'front-end',
      links: [{ kind: 'issue', url: 'https://sentry.io/organizations/test-org/issues/1117540176/' }],
      endedAt: '2019-08-19T21:10:00.000Z',
    });
  });

  it('ignores other issue actions', () => {
    expect(parseFixture('issue.created')).toMatchObject({ ok: true, value: { alerts: [], external: [], ignored: expect.stringContaining('created') } });
  });
});

describe('Sentry resources Firebreak does not act on', () => {
  it.each(['installation', 'comment', 'error', 'seer'])('answers %s as ignored, with no alerts', (resource) => {
    const result = sentryWebhook.parse(headersFor(resource, rawFixture('installation.created')), fixture('installation.created'));
    expect(result).toMatchObject({ ok: true, value: { alerts: [], external: [], ignored: expect.stringContaining(resource) } });
  });

  it('ignores an event_alert whose action is not triggered, and a metric_alert action it does not know', () => {
    expect(parseFixture('event_alert.triggered', { ...fixture('event_alert.triggered'), action: 'snoozed' })).toMatchObject({ ok: true, value: { alerts: [], ignored: expect.any(String) } });
    expect(parseFixture('metric_alert.critical', { ...fixture('metric_alert.critical'), action: 'paused' })).toMatchObject({ ok: true, value: { alerts: [], ignored: expect.any(String) } });
  });
});

describe('malformed Sentry payloads', () => {
  const remove = (name: FixtureName, path: string[]) => {
    const body = fixture(name);
    let at = body as Record<string, unknown>;
    for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
    delete at[path.at(-1)!];
    return body;
  };

  it.each([
    ['event_alert.triggered', ['data', 'event', 'issue_id'], 'data.event.issue_id'],
    ['event_alert.triggered', ['data', 'event', 'title'], 'data.event.title'],
    ['event_alert.triggered', ['data', 'event'], 'data.event'],
    ['metric_alert.critical', ['data', 'metric_alert', 'identifier'], 'data.metric_alert.identifier'],
    ['metric_alert.critical', ['data', 'metric_alert', 'organization_id'], 'data.metric_alert.organization_id'],
    ['metric_alert.resolved', ['data', 'metric_alert', 'alert_rule', 'name'], 'data.metric_alert.alert_rule.name'],
    ['issue.resolved', ['data', 'issue', 'id'], 'data.issue.id'],
    ['event_alert.triggered', ['action'], 'action'],
  ] as const)('%s without %j names %s', (name, path, field) => {
    expect(parseFixture(name, remove(name, [...path]))).toMatchObject({ ok: false, error: { kind: 'malformed', field } });
  });

  it('names array positions in the path', () => {
    const body = fixture('metric_alert.critical') as { data: { metric_alert: { projects: unknown[] } } };
    body.data.metric_alert.projects = ['bar', 7];
    expect(parseFixture('metric_alert.critical', body)).toMatchObject({ ok: false, error: { field: 'data.metric_alert.projects[1]' } });
  });

  it('names the missing Sentry-Hook-Resource header', () => {
    const { 'sentry-hook-resource': _omit, ...headers } = headersFor('event_alert', rawFixture('event_alert.triggered'));
    expect(sentryWebhook.parse(headers, fixture('event_alert.triggered'))).toMatchObject({
      ok: false,
      error: { kind: 'malformed', field: 'headers.sentry-hook-resource' },
    });
  });

  it('names the body when it is not an object', () => {
    expect(parseFixture('event_alert.triggered', 'triggered')).toMatchObject({ ok: false, error: { kind: 'malformed', field: 'body' } });
  });
});
