// Config: human durations ("250ms", "1h30m", "2d") → milliseconds, and the zod schema for them
import { z } from 'zod';

export const DURATION_MESSAGE = 'expected a duration like "5m"';

/** Units largest first; each may appear once, in this order: `1d2h3m4s5ms`. */
const UNITS = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
] as const;

/**
 * `(?=\d)` forbids the empty string; `m(?!s)` keeps minutes from swallowing the "m" of "ms".
 * Kept ECMA-262 compatible because it is also the `pattern` in firebreak.schema.json.
 */
export const DURATION_PATTERN = /^(?=\d)(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Milliseconds for a duration like `90s` or `1h30m`; undefined for anything else (bare numbers included). */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text);
  if (match === null) return undefined;
  let ms = 0;
  UNITS.forEach(([, factor], i) => {
    const amount = match[i + 1];
    if (amount !== undefined) ms += Number(amount) * factor;
  });
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** The shortest duration text for a number of milliseconds: 90_000 → "1m30s", 0 → "0ms". */
export function formatDuration(ms: number): string {
  let rest = Math.max(0, Math.round(ms));
  let text = '';
  for (const [unit, factor] of UNITS) {
    const amount = Math.floor(rest / factor);
    if (amount > 0) text += `${amount}${unit}`;
    rest -= amount * factor;
  }
  return text === '' ? '0ms' : text;
}

/** A duration string in the YAML, a number of milliseconds once parsed. */
// A missing key falls through (undefined) to the caller's wording, e.g. "missing required key".
export const duration = z
  .string({ error: (issue) => (issue.input === undefined ? undefined : DURATION_MESSAGE) })
  .regex(DURATION_PATTERN, { error: DURATION_MESSAGE })
  .transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms !== undefined) return ms;
    ctx.issues.push({ code: 'custom', message: DURATION_MESSAGE, input: text });
    return z.NEVER;
  });

/** A duration with a floor, e.g. a poll interval no shorter than 10ms. */
export function durationAtLeast(minMs: number) {
  return duration.pipe(
    z.number().min(minMs, {
      error: (issue) => `expected at least ${formatDuration(minMs)}, got ${formatDuration(Number(issue.input))}`,
    }),
  );
}
