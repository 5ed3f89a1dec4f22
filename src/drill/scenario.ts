// Drill: a scenario file (YAML) → Scenario — steps on a virtual clock and the expectations to check —
// with one readable line per problem, each with its line number, like firebreak.yaml's.
import { isMap, type Document } from 'yaml';
import { z } from 'zod';
import { SEVERITIES } from '../domain/alert.js';
import { INCIDENT_STATUSES, UPDATE_STATUSES, type IncidentStatus } from '../domain/incident.js';
import { parseTarget, TARGET_SYNTAX } from '../domain/targets.js';
import { duration, formatDuration } from '../config/duration.js';
import { formatIssues, parseYaml, wordIssue } from '../config/file.js';
import { lineAt } from '../config/yaml-locate.js';
import type { Change } from '../incidents/index.js';

/** Who acts when a step does not say: a Slack user id, as a responder's would be. */
export const DRILL_ACTOR = 'U0DRILL';
/** A Monday, 03:00 UTC: the hour escalation exists for. Fixed, so a drill prints the same every run. */
export const DEFAULT_START = '2026-01-05T03:00:00Z';

export interface DrillAlert {
  key: string;
  status: 'firing' | 'resolved';
  title: string | null;
  severity: string | null;
  service: string | null;
  environment: string | null;
  description: string | null;
  group_key: string | null;
  tags: Record<string, string>;
}

export type DrillAction =
  | { kind: 'alert'; alert: DrillAlert }
  /** A responder's change, exactly as the Slack commands make it. */
  | { kind: 'change'; change: Change }
  /** As PagerDuty's webhook would tell us. */
  | { kind: 'pagerduty'; action: 'acknowledged' | 'resolved' }
  /** A remediation request, as `/incident block-ip …` makes it. */
  | { kind: 'request'; action: string; params: Record<string, string>; reason: string | null; ttlMs: number | null | undefined; breakGlass: string | null }
  | { kind: 'approve'; request: number }
  | { kind: 'deny'; request: number; reason: string }
  /** A vendor outage begins (`down`) or ends (`up`): its calls fail (as a refused connection) meanwhile. */
  | { kind: 'vendor'; vendor: string; state: 'down' | 'up' };

export interface DrillStep {
  line: number;
  /** Virtual time of the step, ms after the start; the clock runs to it first. */
  atMs: number;
  /** Null: the step only runs the clock. */
  action: DrillAction | null;
  actor: string;
  /** Incident number the action is for; null: the latest declared. */
  incident: number | null;
}

export type Expectation =
  | { kind: 'paged'; atMs: number | null; level: number | null; target: string | null; incident: number | null }
  | { kind: 'not_paged_after'; atMs: number; target: string | null }
  | { kind: 'exhausted_at'; atMs: number }
  | { kind: 'status'; status: IncidentStatus; incident: number | null }
  | { kind: 'pages'; count: number }
  | { kind: 'incidents'; count: number }
  | { kind: 'timeline'; entryKind: string; atMs: number | null; text: string | null; incident: number | null }
  | { kind: 'reminded'; atMs: number | null; about: 'status' | 'postmortem' | null; incident: number | null }
  /** A remediation request's action (or its lift) was carried out / it was denied / it expired. */
  | { kind: 'executed'; atMs: number | null; request: number | null; lift: boolean }
  | { kind: 'denied'; atMs: number | null; request: number | null }
  | { kind: 'expired'; atMs: number | null; request: number | null };

export type LocatedExpectation = Expectation & { line: number };

export type ScenarioConfig =
  | { kind: 'inline'; text: string }
  | { kind: 'file'; path: string }
  | { kind: 'defaults' };

export interface Scenario {
  name: string | null;
  startMs: number;
  config: ScenarioConfig;
  steps: DrillStep[];
  expect: LocatedExpectation[];
  /** Slack user groups and their members, as the drill's directory answers (approver groups). */
  groups: Record<string, string[]>;
}

export type ParseScenarioResult = { ok: true; value: Scenario } | { ok: false; errors: string[] };

/** `null` for a key written with nothing after it (`ack:`) means "no options". */
const options = <T extends z.ZodType>(schema: T) => z.preprocess((v) => v ?? {}, schema);
const slackUser = z.string().regex(/^[UW][A-Z0-9]{2,}$/, { message: 'expected a Slack user id like "U012ABCDEF"' });
const via = z.enum(['slack', 'pagerduty']);
const incidentNumber = z.int().min(1).describe('Incident number (1 = the first declared); default: the latest.');
const target = z.string().superRefine((text, ctx) => {
  const parsed = parseTarget(text);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
});

const alert = z
  .strictObject({
    title: z.string().min(1).optional(),
    key: z.string().min(1).optional().describe('The alert identity; default: the title.'),
    status: z.enum(['firing', 'resolved']).default('firing'),
    source: z.literal('generic').default('generic').describe('Drills send alerts through the generic webhook source.'),
    severity: z.string().min(1).optional().describe('The source severity word (sev1, critical, warning…), mapped by routing.severity.'),
    service: z.string().min(1).optional(),
    environment: z.string().min(1).optional(),
    description: z.string().optional(),
    group_key: z.string().min(1).optional(),
    tags: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .refine((a) => a.title !== undefined || a.key !== undefined, { message: 'an alert needs a title or a key' })
  .refine((a) => a.status === 'resolved' || a.title !== undefined, { path: ['title'], message: 'a firing alert needs a title' });

const ACTIONS = ['alert', 'ack', 'severity', 'update', 'note', 'resolve', 'escalate', 'page', 'snooze', 'postmortem', 'request', 'approve', 'deny', 'down', 'up'] as const;
const requestNumber = z.int().min(1).describe('Remediation request number (1 = the first requested).');
const vendorName = z.string().regex(/^(slack|pagerduty|webhook:[A-Za-z0-9][A-Za-z0-9_.-]*)$/, { message: 'expected slack, pagerduty or webhook:<name>' });
const CLOCK = ['at', 'advance', 'until'] as const;

const step = z.strictObject({
  at: duration.optional().describe('When the step happens, from the start (e.g. 12m); default: when the previous one did.'),
  advance: duration.optional().describe('Run the clock this much further.'),
  until: duration.optional().describe('Run the clock to this time.'),
  by: slackUser.optional().describe(`Who acts; default ${DRILL_ACTOR}.`),
  incident: incidentNumber.optional(),
  alert: alert.optional(),
  ack: options(z.strictObject({ by: slackUser.optional(), via: via.default('slack') })).optional(),
  severity: z.enum(SEVERITIES).optional(),
  update: z.strictObject({ status: z.enum(UPDATE_STATUSES), message: z.string().min(1).optional() }).optional(),
  note: z.string().min(1).optional(),
  resolve: options(z.strictObject({ summary: z.string().min(1).optional(), via: via.default('slack') })).optional(),
  escalate: options(z.strictObject({ reason: z.string().min(1).optional() })).optional(),
  page: z.array(target).min(1).optional().describe(`Targets paged by hand: ${TARGET_SYNTAX}.`),
  snooze: options(z.strictObject({})).optional().describe('Snooze the status-update reminders.'),
  postmortem: z.enum(['done', 'dismissed']).optional().describe('Settle the post-mortem reminder.'),
  request: z
    .strictObject({
      action: z.string().min(1).describe('The catalog entry (actions: in firebreak.yaml), e.g. block_ip.'),
      params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
      reason: z.string().min(1).optional(),
      for: duration.optional().describe('An IP block\'s TTL (0s: never lifted); default: the catalog\'s.'),
      break_glass: z.string().min(1).optional().describe('A commander runs it without approval, with this justification.'),
    })
    .optional()
    .describe('Request a remediation action, as /incident block-ip … does.'),
  approve: requestNumber.optional().describe('Approve request #N (as the step\'s `by`).'),
  deny: z.strictObject({ request: requestNumber, reason: z.string().min(1) }).optional(),
  down: vendorName.optional().describe('A vendor outage begins: its calls fail until `up`.'),
  up: vendorName.optional().describe('The vendor is back (the next probe finds it).'),
});

/** A scalar time, or a mapping with `at` and filters. */
const atOr = <T extends z.ZodRawShape>(shape: T) =>
  z.preprocess((v) => (typeof v === 'string' ? { at: v } : v), z.strictObject({ at: duration, ...shape }));

const expectation = z
  .strictObject({
    paged: z
      .strictObject({ at: duration.optional(), level: z.int().min(1).optional(), target: target.optional(), incident: incidentNumber.optional() })
      .optional(),
    not_paged_after: atOr({ target: target.optional() }).optional(),
    exhausted_at: duration.optional(),
    status: z.enum(INCIDENT_STATUSES).optional(),
    pages: z.int().min(0).optional(),
    incidents: z.int().min(0).optional(),
    timeline: z
      .strictObject({ kind: z.string().min(1), at: duration.optional(), text: z.string().min(1).optional(), incident: incidentNumber.optional() })
      .optional(),
    reminded: options(z.strictObject({ at: duration.optional(), about: z.enum(['status', 'postmortem']).optional(), incident: incidentNumber.optional() })).optional(),
    executed: options(z.strictObject({ at: duration.optional(), request: requestNumber.optional(), lift: z.boolean().default(false).describe('The automatic lift of an IP block.') })).optional(),
    denied: options(z.strictObject({ at: duration.optional(), request: requestNumber.optional() })).optional(),
    expired: options(z.strictObject({ at: duration.optional(), request: requestNumber.optional() })).optional(),
  })
  .superRefine((e, ctx) => {
    const keys = Object.keys(e).filter((k) => e[k as keyof typeof e] !== undefined);
    if (keys.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: keys.length === 0
          ? 'expected one of paged, not_paged_after, exhausted_at, status, pages, incidents, timeline, reminded, executed, denied, expired'
          : `one expectation per line, got ${keys.join(' and ')}`,
      });
    }
  });

const scenarioSchema = z
  .strictObject({
    name: z.string().min(1).optional(),
    start: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 time like "2026-01-05T03:00:00Z"' }).default(DEFAULT_START),
    config: z.record(z.string(), z.unknown()).nullable().optional().describe('firebreak.yaml, inline.'),
    config_file: z.string().min(1).optional().describe('firebreak.yaml, as a path relative to the scenario.'),
    groups: z.record(z.string().regex(/^S[A-Z0-9]{2,}$/, { message: 'expected a Slack user group id like "S012ABCDEF"' }), z.array(slackUser)).default({}).describe('User groups and their members, for approver groups.'),
    steps: z.array(step).min(1),
    expect: z.array(expectation).default([]),
  })
  .superRefine(
    (s, ctx) => {
      if (s.config !== undefined && s.config_file !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['config_file'], message: 'give config or config_file, not both' });
      }
      if (!Array.isArray(s.steps)) return;
      let previous = 0;
      s.steps.forEach((raw: unknown, i) => {
        const st = (raw ?? {}) as Record<string, unknown>;
        checkStep(st, i, ctx);
        // Runs even when other keys have problems (every problem at once): values may be unparsed.
        const ms = (k: string) => (typeof st[k] === 'number' ? (st[k] as number) : undefined);
        const when = ms('advance') !== undefined ? previous + ms('advance')! : (ms('at') ?? ms('until') ?? previous);
        if (when < previous) {
          const key = ms('at') !== undefined ? 'at' : 'until';
          ctx.addIssue({ code: 'custom', path: ['steps', i, key], message: `${formatDuration(when)} is before the previous step (${formatDuration(previous)}): steps run in time order` });
        }
        previous = Math.max(previous, when);
      });
    },
    { when: () => true },
  );

function checkStep(st: Record<string, unknown>, i: number, ctx: z.RefinementCtx): void {
  const clock = CLOCK.filter((k) => st[k] !== undefined);
  const actions = ACTIONS.filter((k) => st[k] !== undefined);
  if (clock.length > 1) ctx.addIssue({ code: 'custom', path: ['steps', i, clock[1]!], message: `one of ${CLOCK.join(', ')} per step` });
  if (actions.length > 1) ctx.addIssue({ code: 'custom', path: ['steps', i, actions[1]!], message: `one action per step, got ${actions.join(' and ')}` });
  if (clock.length === 0 && actions.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['steps', i], message: `expected at, advance or until, or an action (${ACTIONS.join(', ')})` });
  }
  if ((st.advance !== undefined || st.until !== undefined) && actions.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['steps', i, st.advance !== undefined ? 'advance' : 'until'], message: 'advance and until only run the clock: put the action in a step with at' });
  }
}

type RawScenario = z.output<typeof scenarioSchema>;
type RawStep = RawScenario['steps'][number];
type RawExpectation = RawScenario['expect'][number];

/** Parses a scenario; `sourceName` labels YAML syntax errors. Every problem at once, top to bottom. */
export function parseScenario(text: string, sourceName: string): ParseScenarioResult {
  const yaml = parseYaml(text, sourceName);
  if (!yaml.ok) return yaml;
  const { doc, lines } = yaml;
  const parsed = scenarioSchema.safeParse(doc.toJS() ?? {}, { error: wordIssue });
  if (!parsed.success) return { ok: false, errors: formatIssues(parsed.error.issues, doc, lines) };
  const raw = parsed.data;

  let previous = 0;
  const steps = raw.steps.map((st, i): DrillStep => {
    const atMs = st.advance !== undefined ? previous + st.advance : (st.at ?? st.until ?? previous);
    previous = atMs;
    return { line: lineAt(doc, lines, ['steps', i]), atMs, action: toAction(st), actor: st.ack?.by ?? st.by ?? DRILL_ACTOR, incident: st.incident ?? null };
  });
  return {
    ok: true,
    value: {
      name: raw.name ?? null,
      startMs: Date.parse(raw.start),
      config:
        raw.config_file !== undefined
          ? { kind: 'file', path: raw.config_file }
          : raw.config != null
            ? { kind: 'inline', text: onlyNode(text, doc, 'config') }
            : { kind: 'defaults' },
      steps,
      expect: raw.expect.map((e, i) => ({ ...toExpectation(e), line: lineAt(doc, lines, ['expect', i]) })),
      groups: raw.groups,
    },
  };
}

function toAction(st: RawStep): DrillAction | null {
  if (st.alert) {
    const a = st.alert;
    return {
      kind: 'alert',
      alert: {
        key: a.key ?? a.title!, status: a.status, title: a.title ?? null, severity: a.severity ?? null, service: a.service ?? null,
        environment: a.environment ?? null, description: a.description ?? null, group_key: a.group_key ?? null,
        tags: Object.fromEntries(Object.entries(a.tags ?? {}).map(([k, v]) => [k, String(v)])),
      },
    };
  }
  const change = (c: Change): DrillAction => ({ kind: 'change', change: c });
  if (st.ack) return st.ack.via === 'pagerduty' ? { kind: 'pagerduty', action: 'acknowledged' } : change({ kind: 'acknowledge' });
  if (st.severity) return change({ kind: 'severity', severity: st.severity });
  if (st.update) return change({ kind: 'status', status: st.update.status, message: st.update.message ?? null });
  if (st.note !== undefined) return change({ kind: 'note', text: st.note });
  if (st.resolve) return st.resolve.via === 'pagerduty' ? { kind: 'pagerduty', action: 'resolved' } : change({ kind: 'resolve', summary: st.resolve.summary ?? null });
  if (st.escalate) return change({ kind: 'escalate', reason: st.escalate.reason ?? null });
  if (st.page) return change({ kind: 'page', targets: st.page.map((t) => t.trim()), policies: [] });
  if (st.snooze) return change({ kind: 'snooze' });
  if (st.postmortem) return change({ kind: 'postmortem', decision: st.postmortem });
  if (st.request) {
    const r = st.request;
    return {
      kind: 'request', action: r.action, params: Object.fromEntries(Object.entries(r.params).map(([k, v]) => [k, String(v)])), reason: r.reason ?? null,
      ttlMs: r.for === undefined ? undefined : r.for === 0 ? null : r.for, breakGlass: r.break_glass ?? null,
    };
  }
  if (st.approve !== undefined) return { kind: 'approve', request: st.approve };
  if (st.deny) return { kind: 'deny', request: st.deny.request, reason: st.deny.reason };
  if (st.down) return { kind: 'vendor', vendor: st.down, state: 'down' };
  if (st.up) return { kind: 'vendor', vendor: st.up, state: 'up' };
  return null;
}

function toExpectation(e: RawExpectation): Expectation {
  if (e.paged) return { kind: 'paged', atMs: e.paged.at ?? null, level: e.paged.level ?? null, target: e.paged.target?.trim() ?? null, incident: e.paged.incident ?? null };
  if (e.not_paged_after) return { kind: 'not_paged_after', atMs: e.not_paged_after.at, target: e.not_paged_after.target?.trim() ?? null };
  if (e.exhausted_at !== undefined) return { kind: 'exhausted_at', atMs: e.exhausted_at };
  if (e.status) return { kind: 'status', status: e.status, incident: null };
  if (e.pages !== undefined) return { kind: 'pages', count: e.pages };
  if (e.incidents !== undefined) return { kind: 'incidents', count: e.incidents };
  if (e.executed) return { kind: 'executed', atMs: e.executed.at ?? null, request: e.executed.request ?? null, lift: e.executed.lift };
  if (e.denied) return { kind: 'denied', atMs: e.denied.at ?? null, request: e.denied.request ?? null };
  if (e.expired) return { kind: 'expired', atMs: e.expired.at ?? null, request: e.expired.request ?? null };
  if (e.reminded) return { kind: 'reminded', atMs: e.reminded.at ?? null, about: e.reminded.about ?? null, incident: e.reminded.incident ?? null };
  const t = e.timeline!;
  return { kind: 'timeline', entryKind: t.kind, atMs: t.at ?? null, text: t.text ?? null, incident: t.incident ?? null };
}

/**
 * The scenario text with everything but the top-level `key` node blanked out (newlines kept): the
 * inline firebreak.yaml, parsed on its own, then reports its problems at the scenario's own lines.
 */
function onlyNode(text: string, doc: Document, key: string): string {
  const root = doc.contents;
  const pair = isMap(root) ? root.items.find((p) => String((p.key as { value?: unknown } | null)?.value) === key) : undefined;
  const range = (pair?.value as { range?: [number, number, number] } | null | undefined)?.range;
  if (!range) return '';
  const [start, , end] = range;
  return text.replace(/[^\n]/g, (ch, offset: number) => (offset >= start && offset < end ? ch : ' '));
}


