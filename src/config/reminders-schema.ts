// Config: the `reminders` section of firebreak.yaml — status-update nudges while an incident is open,
// and the post-mortem reminder to the commander after it is resolved.
import { z } from 'zod';
import type { Severity } from '../domain/alert.js';
import type { Wait } from '../domain/working-days.js';
import { DURATION_PATTERN, parseDuration } from './duration.js';

const MIN_MS = 1_000;
const WORKING_DAYS = /^(\d+) working days?$/;
const DURATION = DURATION_PATTERN.source.slice(1, -1);

/**
 * A time as written: a duration (at least a second: short ones serve drills and tests), and where
 * allowed `N working days` (Mon–Fri, UTC) and `off` (→ null). The regex is also the `pattern` in
 * firebreak.schema.json, so editors flag a typo before Firebreak does.
 */
function time<Off extends boolean>(opts: { off: Off; workingDays: boolean }) {
  const kinds = [opts.workingDays ? 'working days like "2 working days"' : null, 'a duration like "15m" (at least 1s)', opts.off ? 'off' : null];
  const message = `expected ${kinds.filter((k) => k !== null).join(' or ')}`;
  const pattern = new RegExp(`^(?:${[opts.off ? 'off' : null, opts.workingDays ? '\\d+ working days?' : null, DURATION].filter((p) => p !== null).join('|')})$`);
  return z
    .string({ error: (issue) => (issue.input === undefined ? undefined : message) })
    .regex(pattern, { error: message })
    .transform((text, ctx): Wait | null => {
      if (opts.off && text === 'off') return null;
      const days = opts.workingDays ? WORKING_DAYS.exec(text) : null;
      if (days !== null && Number(days[1]) >= 1) return { workingDays: Number(days[1]) };
      const ms = parseDuration(text);
      if (ms !== undefined && ms >= MIN_MS) return { ms };
      ctx.issues.push({ code: 'custom', message, input: text });
      return z.NEVER;
    }) as unknown as z.ZodType<Off extends true ? Wait | null : Wait, string>;
}

const interval = time({ off: true, workingDays: false }).transform((t) => (t === null || !('ms' in t) ? null : t.ms));

const statusUpdate = z
  .strictObject({
    sev1: interval.prefault('15m').describe('Nudge after this long without a status update on a SEV1, or off.'),
    sev2: interval.prefault('30m').describe('Nudge after this long without a status update on a SEV2, or off.'),
    sev3: interval.prefault('off').describe('Nudge after this long without a status update on a SEV3, or off.'),
    sev4: interval.prefault('off').describe('Nudge after this long without a status update on a SEV4, or off.'),
  })
  .describe(
    'Per severity: how long an open incident may go without a status update (`/incident status`, a note, or the "Post update" form) before Firebreak nudges its channel. A severity change does not count as an update; the wait then follows the new severity.',
  );

const postmortem = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Remind the commander to write the post-mortem after resolve.'),
    after: time({ off: false, workingDays: true }).prefault('2 working days').describe('How long after resolve the first reminder comes: working days (Mon–Fri, UTC) or a duration.'),
    repeat_every: time({ off: true, workingDays: true })
      .prefault('1 working day')
      .describe('Remind again this often until the post-mortem is marked done or dismissed; off reminds once.'),
  })
  .describe('The post-mortem reminder: to the commander, in the incident channel, until done or dismissed (button or `/incident postmortem done|dismiss`).');

export const remindersSchema = z
  .strictObject({
    status_update: z.preprocess((v) => v ?? undefined, statusUpdate.prefault({})),
    snooze: time({ off: false, workingDays: false })
      .transform((t) => ('ms' in t ? t.ms : 0))
      .prefault('30m')
      .describe('How long "Snooze" on a status-update nudge silences it.'),
    postmortem: z.preprocess((v) => v ?? undefined, postmortem.prefault({})),
  })
  .describe('Reminders: status updates while an incident is open, and the post-mortem after it is resolved.');

export interface RemindersConfig {
  /** Per severity; null = no nudges at that severity. */
  statusUpdateMs: Record<Severity, number | null>;
  snoozeMs: number;
  /** Null when disabled. */
  postmortem: { after: Wait; repeatEvery: Wait | null } | null;
}

export function toRemindersConfig(raw: z.output<typeof remindersSchema>): RemindersConfig {
  const s = raw.status_update;
  const p = raw.postmortem;
  return {
    statusUpdateMs: { sev1: s.sev1, sev2: s.sev2, sev3: s.sev3, sev4: s.sev4 },
    snoozeMs: raw.snooze,
    postmortem: p.enabled ? { after: p.after, repeatEvery: p.repeat_every } : null,
  };
}
