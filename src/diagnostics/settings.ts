// Diagnostics: what the feature reads from firebreak.yaml — read afresh for every run, so a SIGHUP
// reload reaches the next run (a run already started keeps its sources and timeout).
import { defaultDiagnosticsConfig, type DiagnosticsConfig } from '../config/diagnostics-schema.js';
import type { FileConfig } from '../config/file-schema.js';

export interface DiagnosticsSettings {
  config: DiagnosticsConfig;
  /** routing.repositories: service → owner/name. */
  repositories: Record<string, string>;
}

export function diagnosticsSettings(file: Pick<FileConfig, 'diagnostics' | 'routing'>): DiagnosticsSettings {
  return { config: file.diagnostics ?? defaultDiagnosticsConfig(), repositories: file.routing.repositories ?? {} };
}
