// Edge: the zod schema of a Datadog webhook sent with the Firebreak payload template.
import { z } from 'zod';
import { TEMPLATE_HINT } from './template.js';

/** A template key we cannot do without: missing means the payload is not our template. */
const needed = (what: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `missing: ${TEMPLATE_HINT}` : `expected ${what} as a string: ${TEMPLATE_HINT}`) })
    .refine((v) => v.trim() !== '', { error: `is empty: Datadog sends ${what} only for monitor notifications; ${TEMPLATE_HINT}` })
    // A literal `$ALERT_CYCLE_KEY` would merge every alert into one: the variable was not filled in.
    .refine((v) => !/^\$[A-Z_]+$/.test(v.trim()), { error: `is an unfilled template variable: send it from a monitor notification` });

/** A template key that may legitimately be empty (no priority, no snapshot, no host …). */
const optional = z.string({ error: 'expected a string (Datadog template values are strings)' }).optional();

/** $DATE: epoch milliseconds as a string; epoch seconds and ISO 8601 are accepted too. */
export function parseDatadogDate(value: string): string | null {
  const v = value.trim();
  let ms: number;
  if (/^\d{1,11}$/.test(v)) ms = Number(v) * 1000;
  else if (/^\d{12,16}$/.test(v)) ms = Number(v);
  else if (/^\d{4}-\d{2}-\d{2}/.test(v)) ms = Date.parse(v);
  else return null;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

// Key order is the order problems are reported in: identity first, so Datadog's default payload
// (no alert_cycle_key) is answered with the field that matters.
export const datadogWebhookSchema = z.object(
  {
    alert_cycle_key: needed('alert_cycle_key ($ALERT_CYCLE_KEY)'),
    alert_transition: needed('alert_transition ($ALERT_TRANSITION)'),
    id: z.string({ error: (issue) => (issue.input === undefined ? `missing: ${TEMPLATE_HINT}` : 'expected a string') }),
    title: z.string({ error: (issue) => (issue.input === undefined ? `missing: ${TEMPLATE_HINT}` : 'expected a string') }),
    date: needed('date ($DATE)').refine((v) => parseDatadogDate(v) !== null, { error: 'expected epoch milliseconds ($DATE), e.g. "1406662672000"' }),
    body: optional,
    event_type: optional,
    alert_id: optional,
    aggreg_key: optional,
    alert_type: optional,
    alert_title: optional,
    alert_status: optional,
    alert_priority: optional,
    alert_scope: optional,
    alert_metric: optional,
    alert_query: optional,
    hostname: optional,
    tags: optional,
    link: optional,
    snapshot: optional,
    org: z.object({ id: optional, name: optional }, { error: 'expected an object { id, name }' }).optional(),
  },
  { error: `expected a JSON object: ${TEMPLATE_HINT}` },
);

export type DatadogWebhook = z.infer<typeof datadogWebhookSchema>;
