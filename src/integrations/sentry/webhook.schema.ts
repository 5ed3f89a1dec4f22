// Edge: zod schemas of the Sentry integration-platform webhooks Firebreak acts on, one per
// Sentry-Hook-Resource (docs.sentry.io/organizations/integrations/integration-platform/webhooks/).
import { z } from 'zod';

/** Sentry documents ids as strings; older payloads and some resources send numbers. */
const id = z
  .union([z.string().trim().min(1), z.number().int().nonnegative()], { error: 'expected a non-empty id (string or integer)' })
  .transform((v) => String(v));

const text = z.string().nullish();

/** Every resource: `action` says what happened; the data differs per resource. */
export const sentryEnvelopeSchema = z.object(
  { action: z.string({ error: 'expected the action as a string' }) },
  { error: 'expected a JSON object' },
);

/** Sentry-Hook-Resource: event_alert, action `triggered` (an issue alert rule fired). */
export const sentryEventAlertSchema = z.object({
  action: z.literal('triggered'),
  data: z.object({
    event: z.object({
      issue_id: id,
      title: z.string(),
      level: text,
      culprit: text,
      environment: text,
      datetime: text,
      /** API URL of the event: /api/0/projects/<org>/<project>/events/<id>/ names the project. */
      url: text,
      web_url: text,
      issue_url: text,
      // Pairs like ["level", "error"]; anything else in the list is skipped, not refused.
      tags: z.array(z.unknown()).nullish(),
    }),
    triggered_rule: text,
  }),
});

/** Sentry-Hook-Resource: metric_alert, action `critical` / `warning` / `resolved`. */
export const sentryMetricAlertSchema = z.object({
  action: z.enum(['critical', 'warning', 'resolved']),
  data: z.object({
    metric_alert: z.object({
      /** The incident's number within its organization: organization_id + identifier is unique. */
      identifier: id,
      organization_id: id,
      date_started: text,
      date_closed: text,
      projects: z.array(z.string()).nullish(),
      alert_rule: z.object({
        id: id.optional(),
        name: z.string(),
        environment: text,
        projects: z.array(z.string()).nullish(),
        dataset: text,
        aggregate: text,
        query: text,
      }),
    }),
    description_title: text,
    description_text: text,
    web_url: text,
  }),
});

/** Sentry-Hook-Resource: issue, action `resolved`. */
export const sentryIssueSchema = z.object({
  action: z.literal('resolved'),
  data: z.object({
    issue: z.object({
      id,
      title: z.string(),
      level: text,
      culprit: text,
      shortId: text,
      firstSeen: text,
      web_url: text,
      permalink: text,
      project: z.object({ slug: text }).nullish(),
    }),
  }),
});

export type SentryEventAlert = z.infer<typeof sentryEventAlertSchema>;
export type SentryMetricAlert = z.infer<typeof sentryMetricAlertSchema>;
export type SentryIssue = z.infer<typeof sentryIssueSchema>;
