// Domain: working days (Monday to Friday, UTC) — when a post-mortem reminder falls due (pure).
// No holiday calendar: a team that wants one sets a plain duration instead.

const DAY_MS = 86_400_000;

/** A wait as written in config: whole working days, or a plain duration. */
export type Wait = { workingDays: number } | { ms: number };

const isWeekend = (ms: number) => {
  const day = new Date(ms).getUTCDay();
  return day === 0 || day === 6;
};

/**
 * The moment `days` working days after `fromMs`: the same time of day, `days` weekdays later
 * (Friday 10:00 + 2 → Tuesday 10:00). A start on a weekend counts from Monday 00:00 UTC
 * (Saturday + 2 → Wednesday 00:00), so the result never falls on a weekend.
 */
export function addWorkingDays(fromMs: number, days: number): number {
  let t = fromMs;
  if (isWeekend(t)) {
    t = Math.floor(t / DAY_MS) * DAY_MS;
    while (isWeekend(t)) t += DAY_MS;
  }
  for (let i = 0; i < days; i++) {
    t += DAY_MS;
    while (isWeekend(t)) t += DAY_MS;
  }
  return t;
}

/** Milliseconds from `fromIso` until `wait` has passed (0 for a bad date, so nothing waits forever). */
export function waitFrom(fromIso: string, wait: Wait): number {
  if ('ms' in wait) return Math.max(0, wait.ms);
  const from = Date.parse(fromIso);
  if (Number.isNaN(from)) return 0;
  return addWorkingDays(from, wait.workingDays) - from;
}

/** `2 working days`, `1 working day`, `90m`: for timeline messages. */
export function describeWait(wait: Wait, formatMs: (ms: number) => string): string {
  if ('ms' in wait) return formatMs(wait.ms);
  return `${wait.workingDays} working day${wait.workingDays === 1 ? '' : 's'}`;
}
