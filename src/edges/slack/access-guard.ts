// Edge: the first access check for every Slack interaction that does not act through the incident
// gate (src/access/guarded.ts) — subcommands and buttons of other features (approvals, diagnostics, …).
// One Bolt global middleware, after workspace pinning: the subcommand's name, or the button's, is the
// `access.allow` key; guests and Slack Connect users are refused there by default. Incident commands
// and buttons are left to the gate, which also knows the incident (private channels) and the limits.
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { INCIDENT_ACTIONS } from '../../config/access-schema.js';
import type { Access } from '../../access/index.js';
import { refusalOutcome } from '../../access/index.js';
import { slackActor, type Actor } from '../../domain/actor.js';
import { ACTION_IDS } from '../../integrations/slack/ids.js';
import type { Logger } from '../../observability/observer.js';
import { recordAudit } from '../../store/audit.js';
import type { Transport } from '../../store/transport.js';
import { accessAnswer } from './answers.js';
import { canonicalSubcommand } from './commands/index.js';
import { errorFields } from './reply.js';
import { actorOf } from './workspace.js';

/**
 * What the incident gate checks itself (with the incident in hand), and what only reads (the gate's
 * find keeps private incidents to their channel's members).
 */
const GATED_COMMANDS = new Set<string>([...INCIDENT_ACTIONS, 'list', 'help', 'timeline', 'actions', 'stats']);
const GATED_BUTTONS = new Set<string>([
  ACTION_IDS.acknowledge, ACTION_IDS.resolve, ACTION_IDS.escalate, ACTION_IDS.postUpdate, ACTION_IDS.snoozeReminder,
  ACTION_IDS.postmortemDone, ACTION_IDS.postmortemDismiss,
]);

/** A button's `access.allow` key: its action_id without the `incident.` prefix (`incident.approve` → `approve`). */
export function buttonAction(actionId: string): string {
  return actionId.replace(/^incident\./, '').replace(/_/g, '-');
}

export interface GuardDeps {
  access: Access;
  store: Transport;
  log: Logger;
  /** The subcommand a command's text names (default: the registry's); null for none (a usage answer follows). */
  subcommandOf?: (text: string) => string | null;
}

type Ack = (response?: unknown) => Promise<void>;
type Respond = (message: { response_type: 'ephemeral'; replace_original: boolean; text: string }) => Promise<unknown>;

export function guardInteractions(deps: GuardDeps): Middleware<AnyMiddlewareArgs> {
  const refused = async (actor: Actor, what: string, name: string, outcome: string) => {
    await recordAudit(deps.store, { actor, action: what, subject: null, params: { surface: what.split('.')[1], name }, outcome })
      .catch((err: unknown) => deps.log.error(errorFields(err), 'could not record an access refusal'));
  };
  return async (args) => {
    const body = args.body as Record<string, unknown>;
    if ('command' in args) {
      const command = args.command as { user_id: string; team_id?: string; text?: string };
      const name = (deps.subcommandOf ?? canonicalSubcommand)(command.text ?? '');
      if (name === null || GATED_COMMANDS.has(name)) return args.next();
      const actor = slackActor(command.user_id, command.team_id ?? null);
      const d = await deps.access.may(actor, name, null);
      if (d.ok) return args.next();
      await refused(actor, `slack.command.${name}`, name, refusalOutcome(d.refusal));
      return (args as unknown as { ack: Ack }).ack({ response_type: 'ephemeral', text: accessAnswer(d.refusal) });
    }
    if (body.type === 'message_action' || body.type === 'shortcut') {
      // A shortcut (Add to timeline): its callback_id is its name.
      const callbackId = typeof body.callback_id === 'string' ? body.callback_id : '';
      const actor = actorOf(body as { user: { id: string; team_id?: string } });
      const name = buttonAction(callbackId);
      const d = await deps.access.may(actor, name, null);
      if (d.ok) return args.next();
      const { ack, respond } = args as unknown as { ack: Ack; respond?: Respond };
      await ack();
      await refused(actor, `slack.shortcut.${callbackId}`, name, refusalOutcome(d.refusal));
      await respond?.({ response_type: 'ephemeral', replace_original: false, text: accessAnswer(d.refusal) })
        .catch((err: unknown) => deps.log.warn(errorFields(err), 'could not answer a refused shortcut'));
      return;
    }
    if (body.type === 'block_actions') {
      const actionId = ((body.actions as Array<{ action_id?: string }> | undefined)?.[0]?.action_id) ?? '';
      if (actionId === '' || GATED_BUTTONS.has(actionId)) return args.next();
      const actor = actorOf(body as { user: { id: string; team_id?: string } });
      const name = buttonAction(actionId);
      const d = await deps.access.may(actor, name, null);
      if (d.ok) return args.next();
      const { ack, respond } = args as unknown as { ack: Ack; respond?: Respond };
      await ack();
      await refused(actor, `slack.button.${actionId}`, name, refusalOutcome(d.refusal));
      await respond?.({ response_type: 'ephemeral', replace_original: false, text: accessAnswer(d.refusal) })
        .catch((err: unknown) => deps.log.warn(errorFields(err), 'could not answer a refused click'));
      return;
    }
    return args.next();
  };
}
