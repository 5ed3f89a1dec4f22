// Test support: IncidentViews for the Block Kit builder tests
import type { SummaryView } from '../../../../../src/integrations/slack/blocks/summary.js';

export const NOW = new Date('2024-05-01T11:05:00.000Z');

export const EVIL_TITLE = '<!channel> <https://evil.example|click>';

/** A typical open incident: one hour in, commander assigned, a few alerts and one update. */
export function incidentView(over: Partial<SummaryView> = {}): SummaryView {
  return {
    id: 'inc_01HXYZ',
    number: 42,
    title: 'Checkout returns 502 for card payments',
    severity: 'sev2',
    status: 'investigating',
    service: 'payments-api',
    roles: { commander: 'U0COMMAND', scribe: null, comms: 'W0COMMS' },
    declaredBy: 'U0DECLARER',
    declaredAt: '2024-05-01T10:00:00.000Z',
    acknowledgedAt: '2024-05-01T10:02:00.000Z',
    resolvedAt: null,
    alerts: {
      firing: 2,
      resolved: 1,
      latest: [
        { source: 'datadog', title: 'p99 latency > 2s on checkout', status: 'firing', url: 'https://app.datadoghq.com/monitors/123?from=1&to=2' },
        { source: 'sentry', title: 'GatewayTimeout in PaymentClient', status: 'firing', url: 'https://sentry.io/issues/456/' },
        { source: 'alertmanager', title: 'PodCrashLooping', status: 'resolved', url: null },
      ],
    },
    lastUpdate: { at: '2024-05-01T10:45:00.000Z', by: 'U0COMMAND', text: 'Card processor is timing out; failing over to the secondary.' },
    channel: { id: 'C0INC42', name: 'inc-42-checkout-returns-502' },
    ...over,
  };
}

/** The same incident carrying attacker-controlled text in every untrusted field. */
export function evilView(over: Partial<SummaryView> = {}): SummaryView {
  return incidentView({
    title: EVIL_TITLE,
    service: '<!here> svc',
    roles: { commander: '<!everyone>', scribe: 'U0SCRIBE', comms: null },
    alerts: {
      firing: 1,
      resolved: 0,
      latest: [{ source: 'generic', title: EVIL_TITLE, status: 'firing', url: 'https://alerts.example/|<!channel>' }],
    },
    lastUpdate: { at: '2024-05-01T10:45:00.000Z', by: '<!channel>', text: `${EVIL_TITLE} &amp; more` },
    channel: { id: 'not a channel <!channel>', name: '<!channel>' },
    ...over,
  });
}
