// Edge: how a responder is answered after asking for Diagnostics (`/incident diag`, the button).
import { DIAGNOSTICS_SOURCES } from '../../domain/diagnostics.js';
import type { RunOutcome } from '../../diagnostics/index.js';
import { quote } from './commands/text.js';

export function diagnosticsAnswer(outcome: RunOutcome, incidentNumber: number | null): string {
  const ref = incidentNumber === null ? 'this incident' : `#${incidentNumber}`;
  if (outcome.ok) {
    const names = outcome.sources.join(', ');
    return outcome.created
      ? `:mag: Gathering diagnostics for ${ref} (${names}): the results appear in the incident channel as each source answers.`
      : `:mag: Diagnostics for ${ref} (${names}) were asked for a moment ago: the results are in the incident channel.`;
  }
  switch (outcome.reason) {
    case 'disabled':
      return 'Diagnostics are turned off in this deployment (`diagnostics.enabled` in firebreak.yaml).';
    case 'nothing-configured':
      return 'No diagnostics source is configured here yet (Datadog, Sentry, PagerDuty, probes or deploys: see docs/diagnostics.md).';
    case 'closed':
      return `Incident ${ref} is closed.`;
    case 'unknown-source':
      return `I don't know ${outcome.names.map((n) => `\`${quote(n)}\``).join(', ')}. Sources: ${DIAGNOSTICS_SOURCES.join(', ')}.`;
    case 'unavailable':
      return 'Diagnostics could not be started just now. Please try again in a moment.';
  }
}
