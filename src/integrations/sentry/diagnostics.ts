// Integrations: Sentry as a diagnostics source (SENTRY_API_URL, SENTRY_AUTH_TOKEN, SENTRY_ORG):
// for a Sentry issue, its event count, users affected, first and last seen, and the latest event's
// release, environment and in-app stack frames; for a metric alert, the rule and its current value.
import type { DiagnosticsSubject, SentryFinding } from '../../domain/diagnostics.js';
import type { DiagnosticsSource } from '../../effects/diagnostics-source.js';
import type { PortResult } from '../../effects/ports.js';
import type { Secret } from '../../config/secret.js';
import { vendorCall } from '../http.js';

export interface SentryDiagnosticsOptions {
  authToken?: Secret;
  org?: string;
  /** SENTRY_API_URL, e.g. https://sentry.io/api/0/. */
  apiUrl: string;
  fetch?: typeof fetch;
}

const FRAMES = 8;

interface SentryIssue { id: string; title: string; count: string | number; userCount: number; firstSeen?: string; lastSeen?: string; permalink?: string }
interface SentryFrame { filename?: string | null; absPath?: string | null; module?: string | null; function?: string | null; lineNo?: number | null; inApp?: boolean | null }
interface SentryEvent {
  release?: { version?: string } | string | null;
  tags?: Array<{ key: string; value: string }>;
  entries?: Array<{ type: string; data?: { values?: Array<{ stacktrace?: { frames?: SentryFrame[] } | null }> } }>;
}
interface SentryAlertRule { id: string; name: string; aggregate?: string; query?: string; dataset?: string; environment?: string | null; triggers?: Array<{ label?: string; alertThreshold?: number | null }> }

/** The Sentry issue id or metric alert rule id behind the incident, if a Sentry alert declared it. */
export function sentryTarget(subject: DiagnosticsSubject): { issue: string | null; rule: string | null } {
  for (const a of subject.alerts) {
    if (a.source !== 'sentry') continue;
    if (a.tags.alert_rule_id) return { issue: null, rule: a.tags.alert_rule_id };
    if (/^\d+$/.test(a.key)) return { issue: a.key, rule: null };
  }
  return { issue: null, rule: null };
}

export function createSentrySource(opts: SentryDiagnosticsOptions): DiagnosticsSource {
  const creds = () => {
    const token = opts.authToken?.reveal();
    return token && opts.org ? { token, org: opts.org } : null;
  };
  return {
    name: 'sentry',
    configured: () => creds() !== null,
    ask(subject) {
      const t = sentryTarget(subject);
      if (t.issue === null && t.rule === null) return { ok: false, reason: 'no Sentry issue or metric alert on this incident' };
      return { ok: true, query: t };
    },
    async fetch(query, { signal }) {
      const c = creds();
      if (!c) return { ok: false, error: { kind: 'give-up', message: 'SENTRY_AUTH_TOKEN and SENTRY_ORG are required' } };
      const get = <T>(path: string, q?: Record<string, string>) =>
        vendorCall<T>({
          vendor: 'sentry', baseUrl: opts.apiUrl, path: `organizations/${encodeURIComponent(c.org)}/${path}`, query: q, signal,
          headers: { authorization: `Bearer ${c.token}` }, secrets: [c.token], ...(opts.fetch && { fetch: opts.fetch }),
        });
      const finding: SentryFinding = { source: 'sentry', issue: null, frames: [], metricAlert: null };
      const problems: string[] = [];
      const issueId = typeof query.issue === 'string' ? query.issue : null;
      const ruleId = typeof query.rule === 'string' ? query.rule : null;

      if (issueId !== null) {
        const [issue, latest] = await Promise.all([
          get<SentryIssue>(`issues/${encodeURIComponent(issueId)}/`),
          get<SentryEvent>(`issues/${encodeURIComponent(issueId)}/events/latest/`),
        ]);
        if (!issue.ok && !latest.ok) return issue;
        const event = latest.ok ? latest.value.body : null;
        if (!latest.ok) problems.push(`the latest event (${statusOf(latest.error.message)})`);
        const tag = (k: string) => event?.tags?.find((t) => t.key === k)?.value ?? null;
        const release = event ? (typeof event.release === 'string' ? event.release : (event.release?.version ?? tag('release'))) : null;
        if (issue.ok) {
          const i = issue.value.body;
          finding.issue = {
            id: i.id, title: i.title, count: Number(i.count) || 0, users: i.userCount ?? 0, firstSeen: i.firstSeen ?? null, lastSeen: i.lastSeen ?? null,
            release, environment: tag('environment'), url: i.permalink ?? null,
          };
        } else problems.push(`the issue (${statusOf(issue.error.message)})`);
        finding.frames = event ? inAppFrames(event) : [];
      }
      if (ruleId !== null) {
        const rule = await get<SentryAlertRule>(`alert-rules/${encodeURIComponent(ruleId)}/`);
        if (!rule.ok) {
          if (issueId === null) return rule;
          problems.push(`the metric alert rule (${statusOf(rule.error.message)})`);
        } else {
          const r = rule.value.body;
          const value = await currentValue(get, r);
          if (!value.ok) problems.push(`the current value (${statusOf(value.error.message)})`);
          const threshold = r.triggers?.find((t) => t.label === 'critical')?.alertThreshold ?? r.triggers?.[0]?.alertThreshold ?? null;
          finding.metricAlert = {
            id: r.id, name: r.name, query: [r.aggregate, r.query].filter(Boolean).join(' where ') || '(no query)', threshold,
            value: value.ok ? value.value : null, status: null,
          };
        }
      }
      return { ok: true, value: { finding, problems } };
    },
  };
}

const statusOf = (message: string) => /HTTP \d{3}/.exec(message)?.[0] ?? 'no answer';

/** The rule's aggregate over the last hour, per minute: the latest bucket is its current value. */
async function currentValue(
  get: <T>(path: string, q?: Record<string, string>) => Promise<PortResult<{ body: T }>>,
  rule: SentryAlertRule,
): Promise<PortResult<number | null>> {
  if (!rule.aggregate) return { ok: true, value: null };
  const r = await get<{ data?: Array<[number, Array<{ count?: number }>]> }>('events-stats/', {
    yAxis: rule.aggregate, query: rule.query ?? '', statsPeriod: '1h', interval: '1m',
    ...(rule.dataset ? { dataset: rule.dataset === 'events' ? 'errors' : rule.dataset } : {}), ...(rule.environment ? { environment: rule.environment } : {}),
  });
  if (!r.ok) return r;
  const last = r.value.body.data?.at(-1)?.[1]?.[0]?.count;
  return { ok: true, value: typeof last === 'number' ? last : null };
}

/** The latest exception's in-app frames, innermost first (Sentry lists them outermost first). */
function inAppFrames(event: SentryEvent): SentryFinding['frames'] {
  const exception = event.entries?.find((e) => e.type === 'exception');
  const frames = (exception?.data?.values ?? []).flatMap((v) => v.stacktrace?.frames ?? []);
  return frames
    .filter((f) => f.inApp === true)
    .reverse()
    .slice(0, FRAMES)
    .map((f) => ({ file: (f.filename ?? f.absPath ?? f.module ?? '?').slice(0, 200), function: f.function?.slice(0, 200) ?? null, line: f.lineNo ?? null }));
}
