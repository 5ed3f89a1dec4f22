// Incidents: the incident's chat presence — channel, topic, invites, the pinned live summary (edited
// in place), announcements, notices, reminders, archive. Each handler reads the incident fresh from
// the store, so a late or repeated effect renders the truth; what is said is data (ChatContent) that
// the chat adapter words.
import { incidentHeadline, type IncidentView } from '../../domain/incident.js';
import { isSlackUserId } from '../../domain/slack-ids.js';
import type { Announcement, ChatContent } from '../../effects/chat-content.js';
import type { Effect, EffectContext, EffectResult, EffectSpec } from '../../effects/effect.js';
import type { Chat, PortResult } from '../../effects/ports.js';
import { isSuperseded } from '../../store/breakers.js';
import { setIncidentExternal } from '../../store/incidents.js';
import type { Transport } from '../../store/transport.js';
import { timelinePage } from '../../store/reports.js';
import { appendTimeline } from '../../store/workflows.js';
import { postmortemUrl } from './postmortem.js';
import type { IncidentEffects } from '../../workflows/incident/index.js';
import type { WorkflowRunner } from '../../workflows/runner.js';
import { loadIncident, type LoadedIncident } from '../view.js';

export interface IncidentChatDeps {
  chat: Chat;
  store: Transport;
  runner: WorkflowRunner;
  now?: () => Date;
  /** Local mode (no Slack token): what would have been said is also kept on the timeline. */
  local?: boolean;
  /** FIREBREAK_PUBLIC_URL: the post-mortem reminder links to the always-fresh draft there. */
  publicUrl?: string | null;
}

/** The post-mortem draft (postmortem.ts) is a chat effect with a handler of its own. */
type ChatEffectType = Exclude<Extract<keyof IncidentEffects, `slack.${string}`>, 'slack.postmortemDraft'>;
export type ChatEffectSpecs = { [K in ChatEffectType]: EffectSpec<IncidentEffects[K]> };

type Handler<P extends { incidentId: string }> = (effect: Effect<P>, ctx: EffectContext, incident: LoadedIncident) => Promise<EffectResult>;

const skipped = (why: string): EffectResult => ({ ok: true, value: { skipped: why } });

function result<T>(r: PortResult<T>, onOk?: (value: T) => Promise<void> | void): Promise<EffectResult> | EffectResult {
  if (!r.ok) return r;
  if (!onOk) return { ok: true, value: r.value ?? null };
  return Promise.resolve(onOk(r.value)).then(() => ({ ok: true, value: r.value ?? null }));
}

const ANNOUNCED = {
  declared: (view: IncidentView): Announcement => ({ kind: 'declared', view }),
  severity: (view: IncidentView, from: IncidentView['severity']): Announcement => ({ kind: 'severity-changed', view, from }),
  resolved: (view: IncidentView): Announcement => ({ kind: 'resolved', view }),
  exhausted: (view: IncidentView, _from: unknown, policy: string | null): Announcement => ({ kind: 'exhausted', view, policy }),
};

export function incidentChatEffects(deps: IncidentChatDeps): ChatEffectSpecs {
  const now = () => (deps.now ?? (() => new Date()))().toISOString();
  const { chat } = deps;

  /**
   * Loads the incident, then runs the handler; an incident that no longer exists is nothing to do.
   * `summary`: the handler renders the pinned summary, so the read also brings what only the summary
   * lists (follow-ups, the IPs the alerts carry); the other effects do without that work.
   */
  const spec = <P extends { incidentId: string }>(handler: Handler<P>, opts: { summary?: boolean } = {}): EffectSpec<P> => ({
    // One incident's Slack calls run in commit order: create before topic before summary before pin.
    orderingKey: (params) => `slack:${params.incidentId}`,
    handler: async (effect, ctx) => {
      const incident = await loadIncident(deps.store, deps.runner, effect.params.incidentId, { followups: opts.summary ?? false });
      if (!incident) return skipped('incident not found');
      const outcome = await handler(effect, ctx, incident);
      if (deps.local && outcome.ok) {
        await appendTimeline(deps.store, incident.view.id, {
          kind: 'slack.local', actor: 'firebreak', message: `${effect.type} (local mode, not sent to Slack): ${incidentHeadline(incident.view)}`,
        });
      }
      return outcome;
    },
  });

  /** The permalink of the post-mortem draft last shared in the channel (among the latest entries), if any. */
  const sharedDraft = async (incidentId: string): Promise<string | null> => {
    const page = await timelinePage(deps.store, incidentId, null, 200);
    const drafted = page.items.filter((i) => i.kind === 'postmortem.drafted').at(-1);
    const permalink = (drafted?.data as { permalink?: unknown } | undefined)?.permalink;
    return typeof permalink === 'string' ? permalink : null;
  };

  /** Posts once per effect (a retry finds what it posted). */
  const post = (channel: string, content: ChatContent, effect: Effect<unknown>, suffix = '') =>
    chat.post(channel, content, { idempotencyKey: `${effect.idempotencyKey}${suffix}`, retry: effect.attempt > 1 });

  return {
    'slack.openChannel': spec(async (_effect, ctx, { view, context }) => {
      if (context.channel) return skipped('channel already open');
      const r = await chat.ensureChannel({ pattern: context.chat.channelPattern, incident: view, isPrivate: context.chat.privateChannel, incidentId: view.id });
      if (!r.ok) return r;
      await setIncidentExternal(deps.store, view.id, 'slack', r.value.id);
      await ctx.send({ type: 'slack.channelOpened', channelId: r.value.id, name: r.value.name, actor: 'firebreak' });
      return { ok: true, value: r.value };
    }),

    'slack.setTopic': spec(async (effect, _ctx, { view }) => {
      if (!view.channel) return skipped('no channel yet');
      if (await isSuperseded(deps.store, effect.id, effect.type, `slack:${view.id}`)) return skipped('a later topic renders the latest state');
      return result(await chat.setTopic(view.channel.id, view));
    }),

    'slack.invite': spec(async (effect, _ctx, { view }) => {
      if (!view.channel) return skipped('no channel yet');
      if (effect.params.users.length === 0) return skipped('nobody to invite');
      return result(await chat.invite(view.channel.id, effect.params.users));
    }),

    'slack.postSummary': spec(async (effect, ctx, { view, summaryTs }) => {
      if (!view.channel) return skipped('no channel yet');
      if (summaryTs) return skipped('summary already posted');
      const r = await post(view.channel.id, { kind: 'summary', view, now: now() }, effect);
      return result(r, (posted) => ctx.send({ type: 'slack.summaryPosted', ts: posted.ts, actor: 'firebreak' }));
    }, { summary: true }),

    'slack.refreshSummary': spec(async (effect, _ctx, { view, summaryTs }) => {
      // Before the summary exists there is nothing to edit: the post renders the latest state.
      if (!view.channel || !summaryTs) return skipped('no summary yet');
      // Edits queued behind this one (an outage) render the same fresh state: only the last one edits.
      if (await isSuperseded(deps.store, effect.id, effect.type, `slack:${view.id}`)) return skipped('a later edit renders the latest state');
      return result(await chat.update(view.channel.id, summaryTs, { kind: 'summary', view, now: now() }));
    }, { summary: true }),

    'slack.pin': spec(async (effect, _ctx, { view }) => {
      if (!view.channel) return skipped('no channel yet');
      return result(await chat.pin(view.channel.id, effect.params.ts));
    }),

    'slack.announce': spec(async (effect, _ctx, { view, context }) => {
      const channel = context.chat.announceChannel;
      if (!channel) return skipped('no announcement channel configured');
      const announcement = ANNOUNCED[effect.params.what](view, effect.params.from ?? view.severity, context.escalation?.policy?.name ?? null);
      return result(await post(channel, { kind: 'announcement', announcement, now: now() }, effect));
    }),

    'slack.notice': spec(async (effect, _ctx, { view }) => {
      if (!view.channel) return skipped('no channel yet');
      return result(await post(view.channel.id, { kind: 'notice', view, notice: effect.params.notice }, effect));
    }),

    'slack.remindStatus': spec(async (effect, _ctx, { view, context }) => {
      if (!view.channel) return skipped('no channel yet');
      if (view.status === 'resolved' || view.status === 'closed') return skipped(`incident is ${view.status}`);
      if (await isSuperseded(deps.store, effect.id, effect.type, `slack:${view.id}`)) return skipped('a later reminder is queued');
      const content: ChatContent = { kind: 'status-reminder', view, waitedMs: effect.params.waitedMs, snoozeMs: context.reminders?.snoozeMs ?? 30 * 60_000 };
      return result(await post(view.channel.id, content, effect));
    }),

    // To the commander: a mention where the incident lives (its channel, or once that is archived the
    // announcement channel), and a DM with the same buttons. Each part has its own key, so a retry
    // finds what it already posted instead of reminding twice.
    'slack.remindPostmortem': spec(async (effect, _ctx, { view, context }) => {
      if (context.postmortem?.state !== 'pending') return skipped('post-mortem already settled');
      const channel = view.channel && !context.archivedAt ? view.channel.id : context.chat.announceChannel;
      const commander = [context.roles.commander, context.declaredBy].find(isSlackUserId) ?? null;
      if (!channel && !commander) return skipped('nobody to remind: no commander, the channel is archived and no announcement channel is configured');
      const { count } = effect.params;
      const draftUrl = postmortemUrl(deps.publicUrl, view.number) ?? (await sharedDraft(view.id));
      if (channel) {
        const r = await post(channel, { kind: 'postmortem-reminder', view, commander, count, elsewhere: channel !== view.channel?.id, draftUrl }, effect, ':channel');
        if (!r.ok) return r;
      }
      if (commander) {
        const content: ChatContent = { kind: 'postmortem-reminder', view, commander, count, elsewhere: true, draftUrl };
        const r = await chat.directMessage(commander, content, { idempotencyKey: `${effect.idempotencyKey}:dm`, retry: effect.attempt > 1 });
        // A commander who cannot be messaged (deactivated) still got the mention in the channel.
        if (!r.ok && !(r.error.kind === 'give-up' && channel)) return r;
      }
      return { ok: true, value: { channel, dm: commander } };
    }),

    'slack.archive': spec(async (_e, _ctx, { view }) => {
      if (!view.channel) return skipped('no channel');
      return result(await chat.archive(view.channel.id));
    }),
  };
}
