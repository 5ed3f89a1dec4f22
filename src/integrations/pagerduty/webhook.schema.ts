// Edge: zod schemas of PagerDuty v3 webhook payloads (developer.pagerduty.com, Webhooks v3 overview):
// one event per delivery, `event.data` shaped by `event.event_type`.
import { z } from 'zod';

const text = z.string().nullish();
const reference = z.object({ summary: text, id: text, html_url: text }).nullish();

/** Every v3 delivery: the event type decides which schema the rest must satisfy. */
export const pagerdutyEnvelopeSchema = z.object(
  {
    event: z.object(
      {
        /** Unique per event and the same on every retry of it; inside the signed body, so a replay cannot change it. */
        id: z.string().nullish(),
        event_type: z.string({ error: 'expected the event type as a string' }),
      },
      { error: 'expected the v3 event object' },
    ),
  },
  { error: 'expected a JSON object' },
);

export const INCIDENT_ACTIONS = ['incident.acknowledged', 'incident.resolved', 'incident.reopened'] as const;

/** incident.acknowledged / incident.resolved / incident.reopened: who did what to which incident. */
export const pagerdutyIncidentActionSchema = z.object({
  event: z.object({
    event_type: z.enum(INCIDENT_ACTIONS),
    occurred_at: text,
    agent: z.object({ summary: text, type: text }).nullish(),
    data: z.object({
      id: z.string().trim().min(1),
      /** For incidents Firebreak opened through the Events API: our dedup_key. */
      incident_key: text,
      title: text,
      urgency: text,
      html_url: text,
      service: z.object({ summary: text }).nullish(),
    }),
  }),
});

/** incident.triggered: everything an Alert needs. */
export const pagerdutyIncidentTriggeredSchema = z.object({
  event: z.object({
    event_type: z.literal('incident.triggered'),
    occurred_at: text,
    agent: z.object({ summary: text, type: text }).nullish(),
    data: z.object({
      id: z.string().trim().min(1),
      incident_key: text,
      title: z.string(),
      html_url: z.string(),
      urgency: z.string(),
      service: z.object({ summary: z.string(), id: text, html_url: text }),
      number: z.number().nullish(),
      created_at: text,
      priority: reference,
      escalation_policy: reference,
      teams: z.array(z.object({ summary: text })).nullish(),
      assignees: z.array(z.object({ summary: text })).nullish(),
    }),
  }),
});

export type PagerDutyIncidentAction = z.infer<typeof pagerdutyIncidentActionSchema>;
export type PagerDutyIncidentTriggered = z.infer<typeof pagerdutyIncidentTriggeredSchema>;
