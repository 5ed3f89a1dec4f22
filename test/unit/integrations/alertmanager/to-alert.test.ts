// Tests: Alertmanager webhook payload → Alert[] (fixtures, partial recovery, 300-alert group)
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../../src/domain/alert.js';
import { alertmanagerWebhook } from '../../../../src/integrations/alertmanager/webhook.js';
import { fixture } from './fixtures.js';

function alertsOf(body: unknown): Alert[] {
  const result = alertmanagerWebhook.parse({}, body);
  if (!result.ok) throw new Error(`expected ok, got ${result.error.message}`);
  return result.value.alerts;
}

const GROUP = 'firebreak/{}/{severity="critical"}:{alertname="HighErrorRate"}';

describe('alertmanager webhook → alerts', () => {
  it('turns each alert of a firing notification into a firing Alert with every field filled', () => {
    const result = alertmanagerWebhook.parse({}, fixture('alertmanager', 'firing.json'));
    expect(result.ok && result.value.deliveryId).toBe(null);
    const [first, second] = alertsOf(fixture('alertmanager', 'firing.json'));
    expect(first).toEqual({
      source: 'alertmanager',
      key: 'firebreak/5b1e9f6d4c3a2b10',
      groupKey: GROUP,
      status: 'firing',
      sourceSeverity: 'critical',
      title: 'Checkout is failing requests',
      description: '7.3% of requests to checkout on checkout-7d9f8b6c5-2xq9p:8080 failed over the last 5 minutes (threshold 5%).',
      service: 'checkout',
      environment: 'production',
      tags: {
        alertname: 'HighErrorRate', env: 'production', instance: 'checkout-7d9f8b6c5-2xq9p:8080', job: 'checkout',
        namespace: 'shop', pod: 'checkout-7d9f8b6c5-2xq9p', service: 'checkout', severity: 'critical', team: 'payments',
      },
      links: [
        { kind: 'source', url: expect.stringMatching(/^http:\/\/prometheus\.example\.com:9090\/graph\?g0\.expr=.*&g0\.tab=1$/) },
        { kind: 'runbook', url: 'https://runbooks.example.com/checkout/high-error-rate' },
      ],
      startedAt: '2026-03-02T09:14:07.391Z',
      endedAt: null,
      raw: (fixture('alertmanager', 'firing.json') as { alerts: unknown[] }).alerts[0],
    });
    expect(second).toMatchObject({ key: 'firebreak/c2f4a6b8d0e1f3a5', groupKey: GROUP, status: 'firing' });
  });

  it('keeps keys and the group stable from firing through partial recovery to resolved', () => {
    const keyed = (alerts: Alert[]) => Object.fromEntries(alerts.map((a) => [a.key, a.status]));
    const firing = alertsOf(fixture('alertmanager', 'firing.json'));
    const partial = alertsOf(fixture('alertmanager', 'partial-resolve.json'));
    const resolved = alertsOf(fixture('alertmanager', 'resolved.json'));
    expect(keyed(firing)).toEqual({ 'firebreak/5b1e9f6d4c3a2b10': 'firing', 'firebreak/c2f4a6b8d0e1f3a5': 'firing' });
    expect(keyed(partial)).toEqual({ 'firebreak/5b1e9f6d4c3a2b10': 'resolved', 'firebreak/c2f4a6b8d0e1f3a5': 'firing' });
    expect(keyed(resolved)).toEqual({ 'firebreak/5b1e9f6d4c3a2b10': 'resolved', 'firebreak/c2f4a6b8d0e1f3a5': 'resolved' });
    expect(new Set([...firing, ...partial, ...resolved].map((a) => a.groupKey))).toEqual(new Set([GROUP]));
  });

  it('treats a firing notification with some alerts resolved as a partial recovery, each alert carrying its own status', () => {
    const partial = alertsOf(fixture('alertmanager', 'partial-resolve.json'));
    const done = partial.find((a) => a.status === 'resolved');
    const still = partial.find((a) => a.status === 'firing');
    expect(done).toMatchObject({ key: 'firebreak/5b1e9f6d4c3a2b10', endedAt: '2026-03-02T09:31:52.102Z' });
    expect(still).toMatchObject({ key: 'firebreak/c2f4a6b8d0e1f3a5', endedAt: null });
  });

  it('reads Go\'s zero time as "no time"', () => {
    const body = fixture('alertmanager', 'firing.json') as { alerts: Array<{ startsAt: string }> };
    body.alerts[0]!.startsAt = '0001-01-01T00:00:00Z';
    expect(alertsOf(body)[0]).toMatchObject({ startedAt: null, endedAt: null });
  });

  it('turns a 300-alert group into 300 alerts with one group key', () => {
    const alerts = Array.from({ length: 300 }, (_, i) => ({
      status: i % 3 === 0 ? 'resolved' : 'firing',
      labels: { alertname: 'TargetDown', instance: `node-${i}:9100`, job: 'node', severity: 'warning' },
      annotations: { summary: `Target node-${i} is down` },
      startsAt: '2026-03-02T09:00:00Z',
      endsAt: i % 3 === 0 ? '2026-03-02T09:10:00Z' : '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph?g0.expr=up+%3D%3D+0',
      fingerprint: i.toString(16).padStart(16, '0'),
    }));
    const body = { version: '4', groupKey: '{}:{alertname="TargetDown"}', truncatedAlerts: 0, status: 'firing', receiver: 'ops', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://am:9093', alerts };
    const out = alertsOf(JSON.parse(JSON.stringify(body)));
    expect(out).toHaveLength(300);
    expect(new Set(out.map((a) => a.key)).size).toBe(300);
    expect(new Set(out.map((a) => a.groupKey))).toEqual(new Set(['ops/{}:{alertname="TargetDown"}']));
    expect(out.filter((a) => a.status === 'resolved')).toHaveLength(100);
  });

  it('scopes keys by receiver, so one alert routed to two receivers is two alerts in two incidents', () => {
    const body = fixture('alertmanager', 'firing.json') as { receiver: string };
    const a = alertsOf(body)[0]!;
    body.receiver = 'firebreak-db';
    const b = alertsOf(body)[0]!;
    expect(a.key).not.toBe(b.key);
    expect(a.groupKey).not.toBe(b.groupKey);
  });

  it('titles an alert without a summary by alertname and instance, and keeps other annotations as prefixed tags', () => {
    const body = fixture('alertmanager', 'firing.json') as { alerts: Array<{ annotations: Record<string, string> }> };
    body.alerts[0]!.annotations = { dashboard: 'https://grafana.example.com/d/x' };
    const alert = alertsOf(body)[0]!;
    expect(alert.title).toBe('HighErrorRate on checkout-7d9f8b6c5-2xq9p:8080');
    expect(alert.description).toBe('');
    expect(alert.tags['annotation.dashboard']).toBe('https://grafana.example.com/d/x');
    expect(alert.links.map((l) => l.kind)).toEqual(['source']);
  });

  it('falls back to job for the service and drops links that are not http(s)', () => {
    const body = fixture('alertmanager', 'firing.json') as { alerts: Array<{ labels: Record<string, string>; generatorURL: string }> };
    delete body.alerts[0]!.labels.service;
    body.alerts[0]!.generatorURL = 'javascript:alert(1)';
    const alert = alertsOf(body)[0]!;
    expect(alert.service).toBe('checkout');
    expect(alert.links).toEqual([{ kind: 'runbook', url: 'https://runbooks.example.com/checkout/high-error-rate' }]);
  });

  it('correlates by service when Alertmanager could not compute a group key', () => {
    const body = fixture('alertmanager', 'firing.json') as { groupKey: string };
    body.groupKey = '';
    expect(alertsOf(body)[0]!.groupKey).toBe(null);
  });
});
