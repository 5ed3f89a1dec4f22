// Integrations: the `severity` label words teams commonly use, for the sources that carry labels
// (Alertmanager, Grafana). Each of those descriptors starts from this mapping.
import type { Severity } from '../domain/alert.js';

export const SEVERITY_LABELS = {
  critical: 'sev1', page: 'sev1', high: 'sev2', error: 'sev2', major: 'sev2', warning: 'sev3', medium: 'sev3', minor: 'sev3',
  low: 'sev4', info: 'sev4', none: 'sev4', '*': 'sev3',
} as const satisfies Record<string, Severity>;
