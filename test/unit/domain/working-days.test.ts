import { describe, expect, it } from 'vitest';
import { addWorkingDays, describeWait, waitFrom } from '../../../src/domain/working-days.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
// 2026-11-23 is a Monday.
const MON = '2026-11-23', WED = '2026-11-25', THU = '2026-11-26', FRI = '2026-11-27', SAT = '2026-11-28', SUN = '2026-11-29';

describe('addWorkingDays (Mon–Fri, UTC)', () => {
  it('keeps the time of day within the week: Monday 10:00 + 2 → Wednesday 10:00', () => {
    expect(iso(addWorkingDays(at(`${MON}T10:00:00Z`), 2))).toBe(`${WED}T10:00:00.000Z`);
  });

  it('skips the weekend: Friday 10:00 + 2 → Tuesday 10:00, Thursday + 2 → Monday', () => {
    expect(iso(addWorkingDays(at(`${FRI}T10:00:00Z`), 2))).toBe('2026-12-01T10:00:00.000Z');
    expect(iso(addWorkingDays(at(`${THU}T23:30:00Z`), 2))).toBe('2026-11-30T23:30:00.000Z');
    expect(iso(addWorkingDays(at(`${FRI}T23:59:00Z`), 1))).toBe('2026-11-30T23:59:00.000Z');
  });

  it('counts a weekend resolve from Monday 00:00 UTC', () => {
    expect(iso(addWorkingDays(at(`${SAT}T10:00:00Z`), 2))).toBe('2026-12-02T00:00:00.000Z');
    expect(iso(addWorkingDays(at(`${SUN}T23:59:59Z`), 1))).toBe('2026-12-01T00:00:00.000Z');
    expect(iso(addWorkingDays(at(`${SAT}T00:00:00Z`), 0))).toBe('2026-11-30T00:00:00.000Z');
  });

  it('never lands on a weekend, whatever the start and the count', () => {
    for (let h = 0; h < 24 * 7; h += 5) {
      const start = at(`${MON}T00:00:00Z`) + h * 3_600_000;
      for (let n = 1; n <= 7; n++) {
        const day = new Date(addWorkingDays(start, n)).getUTCDay();
        expect(day === 0 || day === 6, `${iso(start)} + ${n}`).toBe(false);
        expect(addWorkingDays(start, n)).toBeGreaterThan(start);
      }
    }
  });

  it('is a whole week for five working days', () => {
    expect(addWorkingDays(at(`${WED}T08:00:00Z`), 5) - at(`${WED}T08:00:00Z`)).toBe(7 * 86_400_000);
  });
});

describe('waitFrom', () => {
  it('turns a resolve time and a wait into a delay', () => {
    expect(waitFrom(`${FRI}T10:00:00.000Z`, { workingDays: 2 })).toBe(4 * 86_400_000);
    expect(waitFrom(`${FRI}T10:00:00.000Z`, { ms: 90_000 })).toBe(90_000);
  });

  it('does not wait forever on a missing time', () => {
    expect(waitFrom('', { workingDays: 2 })).toBe(0);
  });

  it('describes the wait for people', () => {
    expect(describeWait({ workingDays: 1 }, String)).toBe('1 working day');
    expect(describeWait({ workingDays: 2 }, String)).toBe('2 working days');
    expect(describeWait({ ms: 5 }, (ms) => `${ms}ms`)).toBe('5ms');
  });
});
