// Test support (diagnostics): a subject as the diagnostics feature hands it to a source.
import type { DiagnosticsSubject } from '../../src/domain/diagnostics.js';

export function subject(over: Partial<DiagnosticsSubject> = {}): DiagnosticsSubject {
  return {
    incidentId: 'inc_1', number: 1, title: 'Checkout is down', service: 'checkout', severity: 'sev2', declaredAt: '2026-12-07T20:00:00.000Z',
    alerts: [], repository: null, pagerdutyService: null, ...over,
  };
}

export const NOW = new Date('2026-12-07T20:00:00.000Z');
export const signal = () => new AbortController().signal;
