// Domain: diagnostics — the evidence sources Firebreak asks when an incident starts (or on demand),
// what each brings back (data, worded by the chat renderer), and how one run of them stands.
import type { Severity } from './alert.js';
import { maskCard } from './card.js';

export const DIAGNOSTICS_SOURCES = ['datadog', 'sentry', 'pagerduty', 'probes', 'changes'] as const;
export type DiagnosticsSourceName = (typeof DIAGNOSTICS_SOURCES)[number];

export const isDiagnosticsSource = (name: string): name is DiagnosticsSourceName => (DIAGNOSTICS_SOURCES as readonly string[]).includes(name);

/** What started a run: the declaration (the snapshot kept for the post-mortem), `/incident diag`, the button. */
export type DiagnosticsTrigger = 'declared' | 'command' | 'button';

/** The incident as a source sees it: its facts, its alerts, and the service's settings from config. */
export interface DiagnosticsSubject {
  incidentId: string;
  number: number | null;
  title: string;
  service: string | null;
  severity: Severity;
  declaredAt: string;
  alerts: Array<{
    source: string;
    key: string;
    status: 'firing' | 'resolved';
    title: string;
    tags: Record<string, string>;
    links: Array<{ kind: string; url: string }>;
    raw: unknown;
    startedAt: string | null;
  }>;
  /** `routing.repositories[service]`: owner/name on GitHub. */
  repository: string | null;
  /** `diagnostics.services[service].pagerduty_service` (P…), when the incident did not come from PagerDuty. */
  pagerdutyService: string | null;
}

export interface DatadogFinding {
  source: 'datadog';
  monitor: { id: number; name: string; state: string; query: string; message: string; url: string | null } | null;
  events: Array<{ title: string; at: string; url: string | null }>;
  /** A snapshot of the monitor's query over the last hour (an image URL Datadog hosts). */
  graph: { url: string; query: string } | null;
  /** `service:<name> status:error` over the last 15 minutes; samples already scrubbed. */
  logs: { query: string; count: number; samples: string[] } | null;
}

export interface SentryFinding {
  source: 'sentry';
  issue: {
    id: string; title: string; count: number; users: number; firstSeen: string | null; lastSeen: string | null;
    release: string | null; environment: string | null; url: string | null;
  } | null;
  /** The latest event's in-app frames, innermost first. */
  frames: Array<{ file: string; function: string | null; line: number | null }>;
  metricAlert: { id: string; name: string; query: string; threshold: number | null; value: number | null; status: string | null } | null;
}

export interface PagerDutyFinding {
  source: 'pagerduty';
  policy: { id: string; name: string } | null;
  onCall: Array<{ level: number; name: string; until: string | null }>;
  /** The PagerDuty incident's log: who was notified, who acknowledged. */
  log: Array<{ at: string; type: string; summary: string }>;
}

export interface ProbeResult {
  name: string;
  url: string;
  method: string;
  expectStatus: number;
  status: number | null;
  ok: boolean;
  latencyMs: number | null;
  /** TLS certificate's notAfter for https probes (ISO 8601). */
  certExpiresAt: string | null;
  error: string | null;
}

export interface ProbesFinding {
  source: 'probes';
  probes: ProbeResult[];
}

export interface Deploy {
  at: string;
  service: string | null;
  repository: string | null;
  environment: string | null;
  version: string | null;
  description: string | null;
  url: string | null;
  via: 'github-deployment' | 'github-release' | 'webhook';
}

export interface ChangesFinding {
  source: 'changes';
  windowMs: number;
  deploys: Deploy[];
}

export type DiagnosticsFinding = DatadogFinding | SentryFinding | PagerDutyFinding | ProbesFinding | ChangesFinding;

/** How one source answered in one run. `at`: ISO 8601 of the answer. */
export type SourceAnswer =
  | { status: 'ok'; finding: DiagnosticsFinding; cached: boolean; at: string; problems: string[] }
  /** One short line, safe to show: never vendor stack traces or secrets. */
  | { status: 'failed'; error: string; at: string }
  | { status: 'timeout'; afterMs: number; at: string }
  | { status: 'rate-limited'; retryAfterMs: number; at: string }
  | { status: 'skipped'; reason: string; at: string };

/** A run as the chat shows it: the sources asked, and each one's answer once it came. */
export interface DiagnosticsReport {
  incident: { id: string; number: number | null; title: string; service: string | null };
  trigger: DiagnosticsTrigger;
  requestedBy: string | null;
  startedAt: string;
  sources: DiagnosticsSourceName[];
  answers: Partial<Record<DiagnosticsSourceName, SourceAnswer>>;
}

// Log lines and vendor text can carry personal data and credentials: masked before they are posted
// or stored. Emails, credentials in URLs (user:pass@, token-like query values), card-like numbers.
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+(?::[^/\s@]*)?@/gi;
const URL_SECRET_PARAM = /([?&](?:access_token|token|api_key|apikey|key|secret|password|passwd|pwd|sig|signature|auth|code|session|sessionid|jwt|client_secret)=)[^&#\s"']+/gi;
const BEARER = /\b(Bearer|Basic|token)\s+[A-Za-z0-9._~+/=-]{12,}/g;
const CARD = /\b(?:\d[ -]?){12,18}\d\b/g;

/** Masks emails, credentials in URLs and headers, and card-like numbers (13–19 digits passing Luhn). */
export function scrubSample(text: string): string {
  return text
    .replace(URL_USERINFO, '$1[redacted]@')
    .replace(URL_SECRET_PARAM, '$1[redacted]')
    .replace(BEARER, '$1 [redacted]')
    .replace(EMAIL, '[email]')
    .replace(CARD, maskCard);
}
