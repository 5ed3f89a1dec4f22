// Config: the `targets` section of firebreak.yaml — response targets per severity (time to detect,
// acknowledge, resolve) that reports judge each incident by (met / missed) and total as a share met.
import { z } from 'zod';
import type { Severity } from '../domain/alert.js';
import { durationAtLeast } from './duration.js';

const measure = (what: string) => durationAtLeast(1_000).optional().describe(what);

const severityTargets = z.strictObject({
  detect: measure('Time to detect: from the first alert to the declaration.'),
  acknowledge: measure('Time to acknowledge: from the declaration to the first acknowledgement.'),
  resolve: measure('Time to resolve: from the first alert (or the declaration, with no alert before it) to the last resolve.'),
});

export const targetsSchema = z
  .strictObject({
    sev1: severityTargets.optional(),
    sev2: severityTargets.optional(),
    sev3: severityTargets.optional(),
    sev4: severityTargets.optional(),
  })
  .describe('Response targets per severity, e.g. `sev1: { detect: 2m, acknowledge: 5m, resolve: 15m }`. Each incident is judged by the highest severity it reached; a measure without a target is not judged.');

export type TargetsConfig = Partial<Record<Severity, { detectMs?: number; acknowledgeMs?: number; resolveMs?: number }>>;

export function toTargetsConfig(raw: z.output<typeof targetsSchema>): TargetsConfig {
  const out: TargetsConfig = {};
  for (const sev of ['sev1', 'sev2', 'sev3', 'sev4'] as const) {
    const t = raw[sev];
    if (!t) continue;
    out[sev] = {
      ...(t.detect !== undefined && { detectMs: t.detect }),
      ...(t.acknowledge !== undefined && { acknowledgeMs: t.acknowledge }),
      ...(t.resolve !== undefined && { resolveMs: t.resolve }),
    };
  }
  return out;
}
