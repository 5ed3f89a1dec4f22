// Effects: the port a diagnostics source implements (one per vendor folder: Datadog, Sentry,
// PagerDuty, health probes, what changed). The diagnostics feature asks `ask` what the source would
// query for an incident — the cache key and the evidence's "what was asked" — then `fetch`es it,
// bounded by the run's timeout (the signal). Vendor text in a finding is untrusted: the renderer
// escapes and truncates it; log samples come back already scrubbed.
import type { DiagnosticsFinding, DiagnosticsSourceName, DiagnosticsSubject } from '../domain/diagnostics.js';
import type { PortResult } from './ports.js';

/** What a source will ask, as JSON data (no secrets): stable for the same incident, so it keys the cache. */
export type DiagnosticsQuery = Record<string, string | number | boolean | null | string[]>;

export type AskResult = { ok: true; query: DiagnosticsQuery } | { ok: false; reason: string };

export interface FetchedFinding {
  finding: DiagnosticsFinding;
  /** Parts that could not be had (one short safe line each), while the rest came back. */
  problems: string[];
}

export interface DiagnosticsSource {
  readonly name: DiagnosticsSourceName;
  /** Whether its credentials are present (else it is shown as "not configured" and never called). */
  configured(): boolean;
  ask(subject: DiagnosticsSubject): AskResult;
  fetch(query: DiagnosticsQuery, opts: { signal: AbortSignal; now: () => Date }): Promise<PortResult<FetchedFinding>>;
  /** Loads what the first fetch would (a vendor SDK): called once at start-up, before the listener opens. */
  warm?(): Promise<void>;
}
