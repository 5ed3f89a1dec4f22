// Edge: the Alertmanager webhook payload (webhook_config, version "4"), validated once at the edge.
// Shape: prometheus/alertmanager docs/configuration.md (<webhook_config>) and notify/webhook/webhook.go.
// Lenient about fields we do not read (groupLabels, commonLabels, externalURL …), strict about those we do.
import { z } from 'zod';

/** Label and annotation maps: string → string (Alertmanager's template.KV). */
export const labelMap = z.record(z.string(), z.string());

export const alertStatus = z.enum(['firing', 'resolved']);

/** One alert of a notification; Grafana's alerts extend this one. */
export const alertmanagerAlertSchema = z.looseObject({
  status: alertStatus,
  labels: labelMap,
  annotations: labelMap,
  /** RFC 3339; Go's zero time `0001-01-01T00:00:00Z` means "not set". */
  startsAt: z.string(),
  endsAt: z.string(),
  generatorURL: z.string(),
  fingerprint: z.string().min(1),
});

export const alertmanagerPayloadSchema = z.looseObject({
  // Not pinned to "4": a later version that still has these fields should keep paging, and a 4xx
  // here would lose the alert for good (Alertmanager retries only 5xx).
  version: z.string(),
  groupKey: z.string(),
  status: alertStatus,
  receiver: z.string(),
  alerts: z.array(alertmanagerAlertSchema),
});

export type AlertmanagerAlert = z.output<typeof alertmanagerAlertSchema>;
export type AlertmanagerPayload = z.output<typeof alertmanagerPayloadSchema>;
