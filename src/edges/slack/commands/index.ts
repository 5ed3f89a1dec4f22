// Edge: `/incident …`. Parse, find the incident (this channel's, or the number given), act through
// its workflow, answer ephemerally. Malformed input gets the usage line, never a trace.
import type { App } from '@slack/bolt';
import type { Severity } from '../../../domain/alert.js';
import { helpMessage } from '../../../integrations/slack/blocks/help.js';
import { declareModal, resolveModal } from '../../../integrations/slack/blocks/modals.js';
import { escapeMrkdwn } from '../../../integrations/slack/escape.js';
import { listIncidents } from '../../../store/incidents.js';
import { answerWithin } from '../answer.js';
import { SLASH_COMMAND } from '../../../integrations/slack/ids.js';
import { applyChange, declareByHand, findTarget, type Change, type IncidentOps } from '../../../incidents/changes.js';
import { parseCommand, type Command } from './parse.js';

export function registerIncidentCommand(app: App, ops: IncidentOps, severities: Record<Severity, string>): void {
  app.command(SLASH_COMMAND, async ({ command, ack, respond, client }) => {
    const parsed = parseCommand(command.text ?? '');
    const user = command.user_id;
    const channel = command.channel_id;

    if (parsed.kind === 'declare-modal' || parsed.kind === 'resolve-modal') {
      // Modals need the trigger_id within 3 s: open first, ack right after.
      const view =
        parsed.kind === 'declare-modal'
          ? declareModal({ channel, severity: parsed.severity, severityMeanings: severities, ...(command.response_url && { responseUrl: command.response_url }) })
          : await resolveModalFor(ops, channel, parsed.incidentNumber);
      if (typeof view === 'string') return ack({ response_type: 'ephemeral', text: view });
      await client.views.open({ trigger_id: command.trigger_id, view });
      return ack();
    }

    await answerWithin(ack, respond, async () => {
      switch (parsed.kind) {
        case 'usage':
          return parsed.message;
        case 'help':
          return helpMessage();
        case 'list':
          return listOpen(ops);
        case 'declare': {
          const created = await declareByHand(ops, {
            title: parsed.title, severity: parsed.severity ?? 'sev2', service: null, commander: user, summary: null, declaredBy: user,
          });
          return `Declared incident #${created.number}: ${escapeMrkdwn(parsed.title)}. Its channel is on the way.`;
        }
        default: {
          const target = await findTarget(ops, { channel, number: parsed.incidentNumber });
          if (!target.ok) return target.message;
          return applyChange(ops, target.incident, toChange(parsed), user);
        }
      }
    });
  });
}

async function resolveModalFor(ops: IncidentOps, channel: string, number: number | null) {
  const target = await findTarget(ops, { channel, number });
  if (!target.ok) return target.message;
  const { view } = target.incident;
  if (view.status === 'resolved' || view.status === 'closed') return `Incident #${view.number} is already ${view.status}.`;
  return resolveModal(view);
}

function toChange(c: Exclude<Command, { kind: 'declare' | 'declare-modal' | 'resolve-modal' | 'list' | 'help' }>): Change {
  switch (c.kind) {
    case 'ack':
      return { kind: 'acknowledge' };
    case 'status':
      return { kind: 'status', status: c.status, message: c.message };
    case 'sev':
      return { kind: 'severity', severity: c.severity };
    case 'role':
      return { kind: 'role', role: c.role, user: c.userId };
    case 'note':
      return { kind: 'note', text: c.text };
    case 'resolve':
      return { kind: 'resolve', summary: c.summary };
    case 'close':
      return { kind: 'close' };
    case 'escalate':
      return { kind: 'escalate', reason: c.reason };
    case 'page':
      return { kind: 'page', targets: c.users, policies: c.policies };
    case 'postmortem':
      return { kind: 'postmortem', decision: c.decision };
  }
}

async function listOpen(ops: IncidentOps): Promise<string> {
  const open = await listIncidents(ops.store, true);
  if (open.length === 0) return 'No open incidents. 🌤';
  const lines = open.slice(0, 30).map((i) => {
    const channel = i.external.slack ? ` <#${i.external.slack}>` : '';
    return `• *#${i.number}* ${i.severity.toUpperCase()} · ${i.status} · ${escapeMrkdwn(i.title)}${channel}`;
  });
  return [`*Open incidents (${open.length})*`, ...lines].join('\n');
}
