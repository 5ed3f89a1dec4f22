// Effects: the incident's Slack presence — channel, topic, invites, the pinned live summary
// (edited in place), announcements, reminders, archive. Each handler reads the incident fresh from the store,
// so a late or repeated effect renders the truth, and answers through the Chat port.
import type { Severity } from '../../domain/alert.js';
import type { IncidentView } from '../../domain/incident.js';
import { announcementMessage, type Announcement } from '../../integrations/slack/blocks/announcement.js';
import { postmortemReminderMessage, statusReminderMessage } from '../../integrations/slack/blocks/reminders.js';
import { summaryBlocks, summaryText, type SummaryButton } from '../../integrations/slack/blocks/summary.js';
import { topicText } from '../../integrations/slack/blocks/topic.js';
import { channelName } from '../../integrations/slack/channel-name.js';
import { setIncidentExternal } from '../../store/incidents.js';
import type { Transport } from '../../store/transport.js';
import { appendTimeline } from '../../store/workflows.js';
import type { WorkflowRunner } from '../../workflows/runner.js';
import type { Effect, EffectContext, EffectResult } from '../../effects/effect.js';
import { loadIncident, type LoadedIncident } from '../view.js';
import type { Chat, PortResult } from '../../effects/ports.js';
import type { EffectRegistry } from '../../effects/registry.js';

export interface IncidentChatDeps {
  chat: Chat;
  store: Transport;
  runner: WorkflowRunner;
  now?: () => Date;
  buttons?: SummaryButton[];
  /** Local mode (no Slack token): what would have been said is also kept on the timeline. */
  local?: boolean;
}

type Params = { incidentId: string };
type Handler<P extends Params> = (effect: Effect<P>, ctx: EffectContext, incident: LoadedIncident) => Promise<EffectResult>;

const skipped = (why: string): EffectResult => ({ ok: true, value: { skipped: why } });

function result<T>(r: PortResult<T>, onOk?: (value: T) => Promise<void> | void): Promise<EffectResult> | EffectResult {
  if (!r.ok) return r;
  if (!onOk) return { ok: true, value: r.value ?? null };
  return Promise.resolve(onOk(r.value)).then(() => ({ ok: true, value: r.value ?? null }));
}

export function registerIncidentChatEffects(registry: EffectRegistry, deps: IncidentChatDeps): void {
  const now = deps.now ?? (() => new Date());
  const buttons = deps.buttons ?? ['acknowledge', 'resolve', 'escalate'];
  const { chat } = deps;

  /** Loads the incident, then runs the handler; an incident that no longer exists is nothing to do. */
  const define = <P extends Params>(type: string, handler: Handler<P>) =>
    registry.define<P>(type, {
      // One incident's Slack calls run in commit order: create before topic before summary before pin.
      orderingKey: (params) => `slack:${params.incidentId}`,
      handler: async (effect, ctx) => {
        const incident = await loadIncident(deps.store, deps.runner, effect.params.incidentId);
        if (!incident) return skipped('incident not found');
        const outcome = await handler(effect, ctx, incident);
        if (deps.local && outcome.ok) await keepLocally(effect, incident.view);
        return outcome;
      },
    });

  const keepLocally = (effect: Effect<Params>, view: IncidentView) =>
    appendTimeline(deps.store, view.id, {
      kind: 'slack.local',
      actor: 'firebreak',
      message: `${effect.type} (local mode, not sent to Slack): ${summaryText(view)}`,
    });

  define<Params>('slack.openChannel', async (_effect, ctx, { view, context }) => {
    if (context.channel) return skipped('channel already open');
    const name = channelName(context.chat.channelPattern, { number: view.number, title: view.title, service: view.service, severity: view.severity });
    const r = await chat.ensureChannel({ name, isPrivate: context.chat.privateChannel, incidentId: view.id });
    if (!r.ok) return r;
    await setIncidentExternal(deps.store, view.id, 'slack', r.value.id);
    await ctx.send({ type: 'slack.channelOpened', channelId: r.value.id, name: r.value.name, actor: 'firebreak' });
    return { ok: true, value: r.value };
  });

  define<Params>('slack.setTopic', async (_e, _ctx, { view }) => {
    if (!view.channel) return skipped('no channel yet');
    return result(await chat.setTopic(view.channel.id, topicText(view)));
  });

  define<Params & { users: string[] }>('slack.invite', async (effect, _ctx, { view }) => {
    if (!view.channel) return skipped('no channel yet');
    if (effect.params.users.length === 0) return skipped('nobody to invite');
    return result(await chat.invite(view.channel.id, effect.params.users));
  });

  define<Params>('slack.postSummary', async (effect, ctx, { view, summaryTs }) => {
    if (!view.channel) return skipped('no channel yet');
    if (summaryTs) return skipped('summary already posted');
    const r = await chat.post(
      { channel: view.channel.id, text: summaryText(view), blocks: summaryBlocks(view, now(), { buttons }), idempotencyKey: effect.idempotencyKey },
      { retry: effect.attempt > 1 },
    );
    return result(r, (posted) => ctx.send({ type: 'slack.summaryPosted', ts: posted.ts, actor: 'firebreak' }));
  });

  define<Params>('slack.refreshSummary', async (_e, _ctx, { view, summaryTs }) => {
    // Before the summary exists there is nothing to edit: the post renders the latest state.
    if (!view.channel || !summaryTs) return skipped('no summary yet');
    return result(await chat.update({ channel: view.channel.id, ts: summaryTs, text: summaryText(view), blocks: summaryBlocks(view, now(), { buttons }) }));
  });

  define<Params & { ts: string }>('slack.pin', async (effect, _ctx, { view }) => {
    if (!view.channel) return skipped('no channel yet');
    return result(await chat.pin(view.channel.id, effect.params.ts));
  });

  define<Params & { what: 'declared' | 'severity' | 'resolved' | 'exhausted'; from?: Severity }>('slack.announce', async (effect, _ctx, { view, context }) => {
    const channel = context.chat.announceChannel;
    if (!channel) return skipped('no announcement channel configured');
    const { what, from } = effect.params;
    const announcement: Announcement =
      what === 'severity'
        ? { kind: 'severity-changed', view, from: from ?? view.severity }
        : what === 'resolved'
          ? { kind: 'resolved', view }
          : what === 'exhausted'
            ? { kind: 'exhausted', view, policy: context.escalation?.policy?.name ?? null }
            : { kind: 'declared', view };
    const message = announcementMessage(announcement, now());
    return result(await chat.post({ channel, ...message, idempotencyKey: effect.idempotencyKey }, { retry: effect.attempt > 1 }));
  });

  define<Params & { text: string }>('slack.post', async (effect, _ctx, { view }) => {
    if (!view.channel) return skipped('no channel yet');
    return result(await chat.post({ channel: view.channel.id, text: effect.params.text, idempotencyKey: effect.idempotencyKey }, { retry: effect.attempt > 1 }));
  });

  define<Params & { waitedMs: number }>('slack.remindStatus', async (effect, _ctx, { view, context }) => {
    if (!view.channel) return skipped('no channel yet');
    if (view.status === 'resolved' || view.status === 'closed') return skipped(`incident is ${view.status}`);
    const message = statusReminderMessage(view, effect.params.waitedMs, context.reminders?.snoozeMs ?? 30 * 60_000);
    return result(await chat.post({ channel: view.channel.id, ...message, idempotencyKey: effect.idempotencyKey }, { retry: effect.attempt > 1 }));
  });

  // To the commander: a mention where the incident lives (its channel, or once that is archived the
  // announcement channel), and a DM with the same buttons. Each part has its own key, so a retry
  // finds what it already posted instead of reminding twice.
  define<Params & { count: number }>('slack.remindPostmortem', async (effect, _ctx, { view, context }) => {
    if (context.postmortem?.state !== 'pending') return skipped('post-mortem already settled');
    const channel = view.channel && !context.archivedAt ? view.channel.id : context.chat.announceChannel;
    const commander = [context.roles.commander, context.declaredBy].find((u) => !!u && /^[UW][A-Z0-9]{2,}$/.test(u)) ?? null;
    if (!channel && !commander) return skipped('nobody to remind: no commander, the channel is archived and no announcement channel is configured');
    const retry = effect.attempt > 1;
    const { count } = effect.params;
    if (channel) {
      const message = postmortemReminderMessage(view, { commander, count, elsewhere: channel !== view.channel?.id });
      const r = await chat.post({ channel, ...message, idempotencyKey: `${effect.idempotencyKey}:channel` }, { retry });
      if (!r.ok) return r;
    }
    if (commander) {
      const message = postmortemReminderMessage(view, { commander, count, elsewhere: true });
      const r = await chat.directMessage(commander, { ...message, idempotencyKey: `${effect.idempotencyKey}:dm` }, { retry });
      // A commander who cannot be messaged (deactivated) still got the mention in the channel.
      if (!r.ok && !(r.error.kind === 'give-up' && channel)) return r;
    }
    return { ok: true, value: { channel, dm: commander } };
  });

  define<Params>('slack.archive', async (_e, _ctx, { view }) => {
    if (!view.channel) return skipped('no channel');
    return result(await chat.archive(view.channel.id));
  });
}

