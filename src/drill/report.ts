// Drill: what a drill prints — the timeline at virtual offsets (`+00:10:00`), pages with their level
// and targets, then each expectation with ✓ or ✗. Pure text from recorded data.
import { parseTarget } from '../domain/targets.js';
import type { Verdict } from './expect.js';
import type { DrillEntry, PageRecord } from './recorder.js';
import type { DrillOutcome } from './run.js';

/** `+01:05:30` for 1h5m30s after the start (milliseconds, if any, after a dot). */
export function formatOffset(ms: number): string {
  const total = Math.floor(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const rest = ms % 1000;
  return `+${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}${rest ? `.${String(rest).padStart(3, '0')}` : ''}`;
}

/** `level 2 → U0SECONDARY (slack, slack DM), pagerduty`; an unreached target says so. */
export function pageLine(page: PageRecord): string {
  const where = page.level === null ? 'by hand' : `level ${page.level}${page.round > 0 ? ` (repeat ${page.round})` : ''}`;
  const targets = page.targets.map((t) => {
    const ways = page.reached.get(t);
    if (!ways || ways.size === 0) return `${t} (not reached)`;
    const parsed = parseTarget(t);
    const slack = parsed.ok && parsed.target.kind.startsWith('slack');
    // Sorted: the channel mention may follow the DM on a retry (pages do not wait for the channel).
    return slack ? `${t} (${[...ways].sort().join(', ')})` : t;
  });
  return `${where} → ${targets.length > 0 ? targets.join(', ') : 'no targets'}`;
}

const KIND_WIDTH = 22;

function entryLine(entry: DrillEntry): string {
  const at = formatOffset(entry.atMs).padEnd(9);
  const ref = (n: number | null) => (n === null ? '   ' : `#${n}`.padEnd(3));
  switch (entry.kind) {
    case 'step':
      return `${at}  ▶  ${`line ${entry.line}`.padEnd(KIND_WIDTH)} ${entry.text}${entry.answer ? ` — ${entry.answer}` : ''}`;
    case 'timeline':
      return `${at}  ${ref(entry.incident)} ${entry.entryKind.padEnd(KIND_WIDTH)} ${entry.message}`;
    case 'page':
      return `${at}  ${ref(entry.page.incident)} ${'PAGE'.padEnd(KIND_WIDTH)} ${pageLine(entry.page)}`;
    case 'adapter':
      return `${at}  ${ref(entry.incident)} ${entry.system.toUpperCase().padEnd(KIND_WIDTH)} ${entry.text}`;
    case 'firing':
      return `${at}  ${ref(entry.incident)} ${'DETECTION'.padEnd(KIND_WIDTH)} ${entry.rule} fired for ${entry.key} (${entry.count} events)`;
  }
}

export interface ReportInput {
  title: string;
  startIso: string;
  outcome: DrillOutcome;
  verdicts: Verdict[];
  verbose?: boolean;
}

export function renderReport({ title, startIso, outcome, verdicts, verbose = false }: ReportInput): string[] {
  const lines = [`Drill: ${title}`, `virtual clock from ${startIso}; ran to ${formatOffset(outcome.endMs)}`, ''];
  // Stable sort: entries of one instant stay in the order they happened.
  const entries = [...outcome.entries].sort((a, b) => a.atMs - b.atMs);
  for (const entry of entries) {
    if (entry.kind === 'adapter' && entry.detail && !verbose) continue;
    lines.push(entryLine(entry));
  }
  lines.push('');
  if (outcome.incidents.length > 0) {
    const times = (i: DrillOutcome['incidents'][number]) => {
      const t = [i.acknowledgedAtMs !== null ? `acknowledged ${formatOffset(i.acknowledgedAtMs)}` : null, i.resolvedAtMs !== null ? `resolved ${formatOffset(i.resolvedAtMs)}` : null];
      const known = t.filter((x) => x !== null);
      return known.length > 0 ? ` (${known.join(', ')})` : '';
    };
    lines.push(`Incidents: ${outcome.incidents.map((i) => `#${i.number} ${i.status}${times(i)}`).join(', ')}`);
  }
  const pages = outcome.pages.filter((p) => p.targets.some((t) => (p.reached.get(t)?.size ?? 0) > 0));
  lines.push(`Pages: ${pages.length}`, '');
  for (const problem of outcome.problems) lines.push(`✗ ${problem}`);
  if (verdicts.length === 0) {
    lines.push('No expectations (add `expect:` lines to put this policy under CI).');
  } else {
    lines.push('Expectations:');
    for (const v of verdicts) {
      lines.push(`  ${v.ok ? '✓' : '✗'} ${v.expected} (line ${v.line})${v.actual ? `\n      but ${v.actual}` : ''}`);
    }
    const failed = verdicts.filter((v) => !v.ok).length;
    lines.push('', failed === 0 ? `All ${verdicts.length} expectations met.` : `${failed} of ${verdicts.length} expectations failed.`);
  }
  return lines;
}
