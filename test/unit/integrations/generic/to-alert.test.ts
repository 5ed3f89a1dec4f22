// Tests: generic JSON payload → Alert[] (one alert, a batch, firing then resolved)
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../../src/domain/alert.js';
import { genericWebhook } from '../../../../src/integrations/generic/webhook.js';
import { fixture } from '../alertmanager/fixtures.js';

function alertsOf(body: unknown): Alert[] {
  const result = genericWebhook.parse({}, body);
  if (!result.ok) throw new Error(`expected ok, got ${result.error.message}`);
  return result.value.alerts;
}

describe('generic webhook → alerts', () => {
  it('turns one firing alert into an Alert with every field filled', () => {
    const body = fixture('generic', 'firing.json');
    expect(alertsOf(body)).toEqual([
      {
        source: 'generic',
        key: 'checkout-latency',
        groupKey: 'checkout-slo',
        status: 'firing',
        sourceSeverity: 'sev2',
        title: 'Checkout p99 latency above 2 s',
        description: 'p99 latency of POST /checkout has been above 2 s for 10 minutes.',
        service: 'checkout',
        environment: 'production',
        tags: { team: 'payments', region: 'eu-west-1', canary: 'false' },
        links: [
          { kind: 'dashboard', url: 'https://grafana.example.com/d/checkout' },
          { kind: 'runbook', url: 'https://runbooks.example.com/checkout/latency' },
        ],
        startedAt: '2026-03-02T09:14:07.000Z',
        endedAt: null,
        raw: body,
      },
    ]);
  });

  it('resolves by key alone, keeping the key it fired with', () => {
    const [fired] = alertsOf(fixture('generic', 'firing.json'));
    const [resolved] = alertsOf(fixture('generic', 'resolved.json'));
    expect(resolved).toMatchObject({ key: fired!.key, status: 'resolved', title: 'checkout-latency', endedAt: '2026-03-02T09:41:30.000Z' });
  });

  it('turns a batch into one Alert per entry, each with its own status', () => {
    const alerts = alertsOf(fixture('generic', 'batch.json'));
    expect(alerts.map((a) => [a.key, a.status, a.groupKey])).toEqual([
      ['disk-full/db-1', 'firing', 'disk-full'],
      ['disk-full/db-2', 'firing', 'disk-full'],
      ['disk-full/db-3', 'resolved', null],
    ]);
    expect(alerts[0]).toMatchObject({ sourceSeverity: 'critical', startedAt: '2026-03-02T09:02:00.000Z', tags: { host: 'db-1' } });
  });

  it('takes service and environment from tags when the fields are absent', () => {
    const [alert] = alertsOf({ key: 'k', status: 'firing', title: 't', tags: { service: 'api', env: 'staging' } });
    expect(alert).toMatchObject({ service: 'api', environment: 'staging', groupKey: null, sourceSeverity: null, description: '' });
  });

  it('accepts null for optional fields', () => {
    expect(alertsOf({ key: 'k', status: 'firing', title: 't', severity: null, tags: null, links: null, started_at: null })).toHaveLength(1);
  });

  it('answers an empty batch as valid but ignored', () => {
    expect(genericWebhook.parse({}, { alerts: [] })).toMatchObject({ ok: true, value: { alerts: [], ignored: expect.any(String) } });
  });
});
