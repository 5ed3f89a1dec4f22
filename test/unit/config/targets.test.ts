// Tests: firebreak.yaml `targets` — durations per severity and measure, readable errors.
import { describe, expect, it } from 'vitest';
import { parseFileConfig } from '../../../src/config/file.js';

describe('targets in firebreak.yaml', () => {
  it('reads durations per severity and measure, leaving out what is not set', () => {
    const r = parseFileConfig('targets:\n  sev1: { detect: 2m, acknowledge: 5m, resolve: 15m }\n  sev2: { resolve: 1h }\n', 'firebreak.yaml');
    expect(r.ok && r.value.targets).toEqual({ sev1: { detectMs: 120_000, acknowledgeMs: 300_000, resolveMs: 900_000 }, sev2: { resolveMs: 3_600_000 } });
  });

  it('defaults to no targets', () => {
    const r = parseFileConfig('version: 1\n', 'firebreak.yaml');
    expect(r.ok && r.value.targets).toEqual({});
  });

  it('names the line and the problem for a bad duration or an unknown measure', () => {
    const r = parseFileConfig('targets:\n  sev1: { detect: soon, fix: 5m }\n', 'firebreak.yaml');
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors.join('\n');
    expect(errors).toMatch(/targets\.sev1\.detect.*duration/);
    expect(errors).toMatch(/fix/);
  });
});
