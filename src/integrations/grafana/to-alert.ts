// Edge: Grafana Alerting webhook payload → Alert[] (pure): Alertmanager's mapping, scoped by orgId.
import type { Alert } from '../../domain/alert.js';
import { describeAlert, link } from '../alertmanager/to-alert.js';
import type { GrafanaPayload } from './webhook.schema.js';

/**
 * One Alert per alert. All share `orgId/groupKey` (one notification, one incident); each is keyed
 * `orgId/fingerprint`, since fingerprints are hashes of labels and two organisations can have
 * the same labels. Each alert keeps its own status, as with Alertmanager.
 */
export function toAlerts(payload: GrafanaPayload): Alert[] {
  const org = String(payload.orgId);
  const groupKey = payload.groupKey === '' ? null : `${org}/${payload.groupKey}`;
  return payload.alerts.map((alert) => {
    const described = describeAlert(alert);
    return {
      source: 'grafana',
      key: `${org}/${alert.fingerprint}`,
      groupKey,
      ...described,
      links: [
        ...described.links,
        ...link('dashboard', alert.dashboardURL),
        ...link('graph', alert.panelURL),
        ...link('graph', alert.imageURL),
        ...link('silence', alert.silenceURL),
      ],
      // Nothing in the body is secret: the HMAC and the token travel in headers.
      raw: alert,
    };
  });
}
