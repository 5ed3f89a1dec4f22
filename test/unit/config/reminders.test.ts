// Tests: the `reminders` section of firebreak.yaml
import { describe, expect, it } from 'vitest';
import { parseFileConfig } from '../../../src/config/file.js';
import { defaultFileConfig } from '../../../src/config/file-schema.js';

const parse = (text: string) => parseFileConfig(text, 'firebreak.yaml');

describe('reminders in firebreak.yaml', () => {
  it('defaults to sev1 15m, sev2 30m, sev3/sev4 off, snooze 30m, post-mortem after 2 working days then every working day', () => {
    expect(defaultFileConfig().reminders).toEqual({
      statusUpdateMs: { sev1: 900_000, sev2: 1_800_000, sev3: null, sev4: null },
      snoozeMs: 1_800_000,
      postmortem: { after: { workingDays: 2 }, repeatEvery: { workingDays: 1 } },
    });
  });

  it('takes durations (short ones too, for drills and tests), off, and working days or durations for the post-mortem', () => {
    const r = parse([
      'reminders:',
      '  status_update: { sev1: off, sev3: 1h, sev4: 1s }',
      '  snooze: 2s',
      '  postmortem: { after: 3 working days, repeat_every: off }',
      '',
    ].join('\n'));
    expect(r.ok && r.value.reminders).toEqual({
      statusUpdateMs: { sev1: null, sev2: 1_800_000, sev3: 3_600_000, sev4: 1_000 },
      snoozeMs: 2_000,
      postmortem: { after: { workingDays: 3 }, repeatEvery: null },
    });
    const d = parse('reminders:\n  postmortem: { after: 48h, repeat_every: 1 working day }\n');
    expect(d.ok && d.value.reminders.postmortem).toEqual({ after: { ms: 172_800_000 }, repeatEvery: { workingDays: 1 } });
  });

  it('turns the post-mortem reminder off with enabled: false', () => {
    const r = parse('reminders:\n  postmortem:\n    enabled: false\n');
    expect(r.ok && r.value.reminders.postmortem).toBeNull();
  });

  it('names each bad value on its line', () => {
    const r = parse([
      'reminders:',
      '  status_update:',
      '    sev1: soon',
      '    sev2: 10ms',
      '  snooze: off',
      '  postmortem:',
      '    after: 2 weekdays',
      '    repeat_every: 0 working days',
      '',
    ].join('\n'));
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors;
    expect(errors).toEqual([
      'reminders.status_update.sev1 (line 3): expected a duration like "15m" (at least 1s) or off',
      'reminders.status_update.sev2 (line 4): expected a duration like "15m" (at least 1s) or off',
      'reminders.snooze (line 5): expected a duration like "15m" (at least 1s)',
      'reminders.postmortem.after (line 7): expected working days like "2 working days" or a duration like "15m" (at least 1s)',
      'reminders.postmortem.repeat_every (line 8): expected working days like "2 working days" or a duration like "15m" (at least 1s) or off',
    ]);
  });
});
