// Edge: the Grafana Alerting webhook contact point payload (version "1"), validated once at the edge.
// Grafana's body is Alertmanager's notification data extended (grafana/alerting templates.ExtendedData,
// receivers/webhook/v1/webhook.go), so the alert schema builds on Alertmanager's.
// Shape: grafana.com/docs …/manage-contact-points/integrations/webhook-notifier (Webhook JSON payload).
import { z } from 'zod';
import { alertStatus, alertmanagerAlertSchema } from '../alertmanager/webhook.schema.js';

export const grafanaAlertSchema = alertmanagerAlertSchema.extend({
  // dashboardURL and panelURL are "will be deprecated soon"; imageURL is sent only with a screenshot.
  silenceURL: z.string().optional(),
  dashboardURL: z.string().optional(),
  panelURL: z.string().optional(),
  imageURL: z.string().optional(),
});

export const grafanaPayloadSchema = z.looseObject({
  version: z.string(),
  orgId: z.number().int(),
  groupKey: z.string(),
  status: alertStatus,
  receiver: z.string(),
  alerts: z.array(grafanaAlertSchema),
});

export type GrafanaAlert = z.output<typeof grafanaAlertSchema>;
export type GrafanaPayload = z.output<typeof grafanaPayloadSchema>;
