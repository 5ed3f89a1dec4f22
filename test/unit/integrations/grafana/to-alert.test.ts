// Tests: Grafana Alerting webhook payload → Alert[] (docs example, partial recovery, resolved)
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../../src/domain/alert.js';
import { grafanaWebhook } from '../../../../src/integrations/grafana/webhook.js';
import { fixture } from '../alertmanager/fixtures.js';

function alertsOf(body: unknown): Alert[] {
  const result = grafanaWebhook.parse({}, body);
  if (!result.ok) throw new Error(`expected ok, got ${result.error.message}`);
  return result.value.alerts;
}

describe('grafana webhook → alerts', () => {
  it('turns the documented example into two firing Alerts in one org-scoped group', () => {
    const body = fixture('grafana', 'firing.json') as { alerts: unknown[] };
    const [memory, cpu] = alertsOf(body);
    expect(memory).toEqual({
      source: 'grafana',
      key: '1/c6eadffa33fcdf37',
      groupKey: '1/{}:{}',
      status: 'firing',
      sourceSeverity: null,
      title: 'This alert was triggered for zone us-1',
      description: 'The system has high memory usage',
      service: null,
      environment: null,
      tags: { alertname: 'High memory usage', team: 'blue', zone: 'us-1' },
      links: [
        { kind: 'source', url: 'https://play.grafana.org/alerting/1afz29v7z/edit' },
        { kind: 'runbook', url: 'https://myrunbook.com/runbook/1234' },
        { kind: 'silence', url: 'https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT2%2Cteam%3Dblue%2Czone%3Dus-1' },
      ],
      startedAt: '2021-10-12T07:51:03.157Z',
      endedAt: null,
      raw: body.alerts[0],
    });
    expect(cpu).toMatchObject({ key: '1/bc97ff14869b13e3', groupKey: '1/{}:{}', title: 'This alert was triggered for zone eu-1' });
  });

  it('keeps keys and the group stable from firing through partial recovery to resolved', () => {
    const keyed = (alerts: Alert[]) => Object.fromEntries(alerts.map((a) => [a.key, a.status]));
    const firing = alertsOf(fixture('grafana', 'firing.json'));
    const partial = alertsOf(fixture('grafana', 'partial-resolve.json'));
    const resolved = alertsOf(fixture('grafana', 'resolved.json'));
    expect(keyed(firing)).toEqual({ '1/c6eadffa33fcdf37': 'firing', '1/bc97ff14869b13e3': 'firing' });
    expect(keyed(partial)).toEqual({ '1/c6eadffa33fcdf37': 'resolved', '1/bc97ff14869b13e3': 'firing' });
    expect(keyed(resolved)).toEqual({ '1/c6eadffa33fcdf37': 'resolved', '1/bc97ff14869b13e3': 'resolved' });
    expect(new Set([...firing, ...partial, ...resolved].map((a) => a.groupKey))).toEqual(new Set(['1/{}:{}']));
    expect(resolved.find((a) => a.key === '1/c6eadffa33fcdf37')!.endedAt).toBe('2021-10-12T08:21:03.157Z');
  });

  it('scopes keys and groups by organisation', () => {
    const body = fixture('grafana', 'firing.json') as { orgId: number };
    body.orgId = 7;
    expect(alertsOf(body)[0]).toMatchObject({ key: '7/c6eadffa33fcdf37', groupKey: '7/{}:{}' });
  });

  it('links the dashboard, panel and screenshot when Grafana sends them', () => {
    const body = fixture('grafana', 'firing.json') as { alerts: Array<Record<string, unknown>> };
    Object.assign(body.alerts[0]!, {
      dashboardURL: 'https://play.grafana.org/d/abc',
      panelURL: 'https://play.grafana.org/d/abc?viewPanel=2',
      imageURL: 'https://images.example.com/panel.png',
    });
    expect(alertsOf(body)[0]!.links.map((l) => l.kind)).toEqual(['source', 'runbook', 'dashboard', 'graph', 'graph', 'silence']);
  });

  it('takes severity, service and environment from labels', () => {
    const body = fixture('grafana', 'firing.json') as { alerts: Array<{ labels: Record<string, string> }> };
    Object.assign(body.alerts[0]!.labels, { severity: 'warning', service: 'memcache', environment: 'staging' });
    expect(alertsOf(body)[0]).toMatchObject({ sourceSeverity: 'warning', service: 'memcache', environment: 'staging' });
  });
});
