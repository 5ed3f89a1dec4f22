// CLI: `firebreak audit export [--since <when>] [--until <when>]` — the audit log as JSON lines on
// stdout (one entry per line: id, at, actor, team, via, action, subject, params, outcome), oldest
// first, read in pages so any size streams. <when> is an ISO 8601 time or a duration ago (`24h`).
import { parseDuration } from '../config/index.js';
import { withStore } from './store.js';
import type { CliEnv, CliOutput } from './commands.js';

export interface AuditExportOptions {
  since?: string;
  until?: string;
  /** The current time, for durations ago (tests pin it). */
  now?: () => Date;
}

const PAGE = 1000;

/** `2026-12-01`, `2026-12-01T09:00:00Z`, or a duration ago: `24h`, `7d`. */
export function readWhen(text: string, now: Date): Date | null {
  const ago = parseDuration(text);
  if (ago !== undefined) return new Date(now.getTime() - ago);
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return null;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? null : at;
}

export async function runAuditExport(opts: AuditExportOptions, out: CliOutput, env: CliEnv): Promise<number> {
  const now = (opts.now ?? (() => new Date()))();
  const bounds: { since?: Date; until?: Date } = {};
  for (const name of ['since', 'until'] as const) {
    const text = opts[name];
    if (text === undefined) continue;
    const at = readWhen(text, now);
    if (at === null) {
      out.stderr(`firebreak audit export: --${name} "${text}" is neither an ISO 8601 time (2026-12-01T09:00:00Z) nor a duration ago (24h)`);
      return 2;
    }
    bounds[name] = at;
  }
  return withStore(out, env, async (store) => {
    const { auditRange } = await import('../store/audit.js');
    let afterId = 0;
    for (;;) {
      const rows = await auditRange(store, { ...bounds, afterId, limit: PAGE });
      for (const row of rows) out.stdout(JSON.stringify(row));
      if (rows.length < PAGE) return 0;
      afterId = rows.at(-1)!.id;
    }
  });
}
