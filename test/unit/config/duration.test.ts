// Tests: human durations → milliseconds, and the zod schema's one error message
import { describe, expect, it } from 'vitest';
import { duration, formatDuration, parseDuration } from '../../../src/config/duration.js';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
    ['1m30s', 90_000],
    ['1d2h3m4s5ms', 93_784_005],
    ['0s', 0],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '5', '0', '-5m', '5 m', '1.5h', '5M', '30m1h', '5m5m', 'm', 'ms', '5mins', ' 5m', '5m ', '99999999999999999999d'])(
    'rejects %j',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe('formatDuration', () => {
  it('writes the shortest text that parses back to the same milliseconds', () => {
    for (const ms of [0, 1, 250, 1_000, 90_000, 5_400_000, 93_784_005]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(0)).toBe('0ms');
  });
});

describe('duration schema', () => {
  it('turns a duration string into milliseconds', () => {
    expect(duration.parse('1h30m')).toBe(5_400_000);
  });

  it.each([['5'], [5], ['-1s'], [''], [null], [true], ['soon']])('rejects %j with exactly one readable message', (input) => {
    const result = duration.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual(['expected a duration like "5m"']);
  });
});
