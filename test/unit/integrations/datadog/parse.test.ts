// Tests: Datadog webhook payloads → Alerts, ignored transitions and malformed fields naming the template key.
import { describe, expect, it } from 'vitest';
import { datadogWebhook } from '../../../../src/integrations/datadog/webhook.js';
import { DATADOG_WEBHOOK_TEMPLATE } from '../../../../src/integrations/datadog/template.js';
import { fixture, FIXTURES } from './fixtures.js';

const parse = (body: unknown) => datadogWebhook.parse({}, body);

function onlyAlert(body: unknown) {
  const result = parse(body);
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  expect(result.value.alerts).toHaveLength(1);
  return result.value.alerts[0]!;
}

describe('Datadog webhook → Alert', () => {
  it('turns a triggered monitor notification into a firing alert keyed by alert_cycle_key', () => {
    const body = fixture('triggered');
    const result = parse(body);
    expect(result.ok && result.value.deliveryId).toBe('7716548234011234567');
    expect(result.ok && result.value.ignored).toBeNull();
    const alert = onlyAlert(body);
    expect(alert).toMatchObject({
      source: 'datadog',
      key: '7716548234011200000',
      groupKey: null,
      status: 'firing',
      sourceSeverity: 'P2',
      title: 'Checkout 5xx error rate is high',
      service: 'checkout',
      environment: 'prod',
      startedAt: '2026-09-27T10:15:00.000Z',
      endedAt: null,
    });
    expect(alert.tags).toEqual({ env: 'prod', monitor: '', service: 'checkout', team: 'payments' });
    expect(alert.links).toEqual([
      { kind: 'monitor', url: 'https://app.datadoghq.com/monitors/148275309' },
      { kind: 'graph', url: 'https://p.datadoghq.com/snapshot/view/dd-snapshots-prod/org_352347/2026-09-27/3be6d9318e32a0b89b518edce4c91e4012229fb5.png' },
      { kind: 'source', url: 'https://app.datadoghq.com/event/jump_to?event_id=7716548234011234567' },
    ]);
    expect(alert.description).toMatch(/^The checkout service returns too many 5xx responses\./);
    expect(alert.description).not.toContain('%%%');
    expect(alert.raw).toEqual(body);
  });

  it('gives triggered, warn, renotify, re-triggered and recovered the same key, resolving only on Recovered', () => {
    const alerts = FIXTURES.map((name) => onlyAlert(fixture(name)));
    expect(new Set(alerts.map((a) => a.key))).toEqual(new Set(['7716548234011200000']));
    expect(alerts.map((a) => a.status)).toEqual(['firing', 'firing', 'firing', 'firing', 'resolved']);
    expect(new Set(alerts.map((a) => a.title)).size).toBe(1);
  });

  it('stamps a recovery with endedAt rather than startedAt', () => {
    const alert = onlyAlert(fixture('recovered'));
    expect(alert).toMatchObject({ status: 'resolved', startedAt: null, endedAt: '2026-09-27T12:15:00.000Z' });
  });

  it('falls back to the alert type when the monitor has no priority', () => {
    expect(onlyAlert({ ...fixture('warn'), alert_priority: '' }).sourceSeverity).toBe('warning');
  });

  it('takes service and env from the alert scope when the tags lack them', () => {
    const alert = onlyAlert({ ...fixture('triggered'), tags: 'monitor', alert_scope: 'service:cart,env:staging' });
    expect(alert).toMatchObject({ service: 'cart', environment: 'staging' });
  });

  it('reads $DATE as epoch milliseconds, and also epoch seconds or ISO 8601', () => {
    expect(onlyAlert({ ...fixture('triggered'), date: '1790504100' }).startedAt).toBe('2026-09-27T10:15:00.000Z');
    expect(onlyAlert({ ...fixture('triggered'), date: '2026-09-27T10:15:00Z' }).startedAt).toBe('2026-09-27T10:15:00.000Z');
  });

  it('ignores a transition it does not know, without an alert', () => {
    const result = parse({ ...fixture('triggered'), alert_transition: 'Muted' });
    expect(result).toMatchObject({ ok: true, value: { alerts: [], external: [], ignored: expect.stringContaining('Muted') } });
  });
});

describe('Datadog payloads that are not the Firebreak template', () => {
  it("rejects Datadog's default payload, naming alert_cycle_key and the template", () => {
    const result = parse(fixture('default-payload'));
    expect(result).toMatchObject({ ok: false, error: { kind: 'malformed', field: 'alert_cycle_key' } });
    expect(!result.ok && result.error.message).toMatch(/Firebreak payload template/);
  });

  it.each([
    ['alert_transition', { alert_transition: undefined }],
    ['id', { id: undefined }],
    ['date', { date: 'yesterday' }],
    ['alert_cycle_key', { alert_cycle_key: '' }],
    ['alert_cycle_key', { alert_cycle_key: '$ALERT_CYCLE_KEY' }],
    ['alert_cycle_key', { alert_cycle_key: 7716548234011200000 }],
    ['tags', { tags: ['env:prod'] }],
    ['org.id', { org: { id: 352347 } }],
  ])('names %s when it is missing or of the wrong shape', (field, change) => {
    expect(parse({ ...fixture('triggered'), ...change })).toMatchObject({ ok: false, error: { kind: 'malformed', field } });
  });

  it('names the body when it is not an object', () => {
    expect(parse([fixture('triggered')])).toMatchObject({ ok: false, error: { kind: 'malformed', field: 'body' } });
  });

  it('documents a template with every key the parser needs, each a Datadog variable', () => {
    const filled = JSON.parse(JSON.stringify(DATADOG_WEBHOOK_TEMPLATE).replace(/"\$[A-Z_]+"/g, '"1790504100000"')) as Record<string, unknown>;
    const result = parse({ ...filled, alert_transition: 'Triggered' });
    expect(result.ok).toBe(true);
    for (const [key, value] of Object.entries(DATADOG_WEBHOOK_TEMPLATE)) {
      if (typeof value === 'string') expect(value, key).toMatch(/^\$[A-Z_]+$/);
    }
  });
});
