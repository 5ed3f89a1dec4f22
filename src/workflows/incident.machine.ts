// Workflows: the incident lifecycle (pure). Alerts, responders and PagerDuty speak to it through
// events; it answers with timeline entries and effects (the Slack channel, its live summary,
// announcements). Escalation pages while nobody has acknowledged; reminders nudge a quiet channel
// and, after resolve, the commander about the post-mortem. Every delay is a durable timer row.
import { assign, cancel, enqueueActions, raise, setup } from 'xstate';
import type { Severity } from '../domain/alert.js';
import { statusRank, type IncidentStatus, type Role, type UpdateStatus } from '../domain/incident.js';
import { waitFrom, type Wait } from '../domain/working-days.js';
import type { WorkflowDefinition } from './definition.js';

/** How the incident's Slack presence is set up, snapshotted at declaration (config may change later). */
export interface ChatSettings {
  channelPattern: string;
  privateChannel: boolean;
  /** Channel id (or name) where declarations, severity changes and resolutions are announced. */
  announceChannel: string | null;
  /** Archive the channel this long after close; null = never. */
  archiveAfterMs: number | null;
  /** Close a resolved incident by itself this long after resolve; null = only by hand (`/incident close`). */
  closeAfterMs?: number | null;
}

/** An escalation policy as the incident snapshotted it when escalation started: later config edits do not change it. */
export interface EscalationSnapshot {
  name: string;
  levels: Array<{ targets: string[]; timeoutMs: number }>;
  /** Times to run the levels again from the first when nobody acknowledges. */
  repeat: number;
}

/** Reminders as the incident snapshotted them at declaration (config edits later do not change them). */
export interface ReminderSettings {
  /** Nudge the channel after this long without a status update, per severity; null = never. */
  statusUpdateMs: Record<Severity, number | null>;
  /** How long "Snooze" silences the nudges. */
  snoozeMs: number;
  /** Remind the commander about the post-mortem after resolve; null = never. */
  postmortem: { after: Wait; repeatEvery: Wait | null } | null;
}

export interface IncidentInput {
  id: string;
  title: string;
  severity: Severity;
  service: string | null;
  policy: string | null;
  /** A Slack user id, or `alert:<source>`. */
  declaredBy: string;
  commander?: string | null;
  /** Slack users to invite besides the commander and the declarer (routing's responders). */
  responders?: string[];
  summary?: string | null;
  /** Resolve by itself when every alert has recovered (a routing decision). */
  autoResolve: boolean;
  chat: ChatSettings;
  /** Null: nobody is paged by the clock (responders are still invited). */
  escalation?: EscalationSnapshot | null;
  /** Null or absent: no reminders. */
  reminders?: ReminderSettings | null;
}

export interface PostmortemState {
  state: 'pending' | 'done' | 'dismissed';
  /** Reminders sent so far. */
  reminders: number;
  /** Who marked it done or dismissed it. */
  by: string | null;
}

export interface IncidentContext extends Omit<IncidentInput, 'commander' | 'responders' | 'summary' | 'escalation'> {
  /**
   * Where escalation stands: the level paged last (0-based), the round (0 = first run), when that
   * level was paged, and whether every level and repeat has run out.
   */
  escalation: { policy: EscalationSnapshot | null; level: number; round: number; since?: string | null; exhausted?: boolean };
  number: number | null;
  status: IncidentStatus;
  roles: Record<Role, string | null>;
  responders: string[];
  declaredAt: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  lastUpdate: { at: string; by: string | null; text: string } | null;
  channel: { id: string; name: string } | null;
  summaryTs: string | null;
  /** Times the incident was reopened: PagerDuty is paged under a fresh dedup key after each (see pagerDedupKey). */
  reopens: number;
  /** Pages that failed and are not (yet) delivered: shown on the summary until a retry gets through. */
  pageFailures: PageFailure[];
  /** Targets paged by hand (`/incident page`), once each: PagerDuty sync must reach those integrations too. */
  pagedByHand?: string[];
  /** When the status-update wait started: the last update (status or note), nudge, snooze, declaration or reopen. */
  statusWaitFrom?: string | null;
  /** The last status update (status or note), or the declaration or reopen: what a nudge counts silence from. */
  statusUpdatedAt?: string | null;
  /** The post-mortem after resolve: null until resolved (or without a reminder), and again after reopen. */
  postmortem?: PostmortemState | null;
  /** When the channel was archived: later reminders go to the announcement channel. */
  archivedAt?: string | null;
}

export interface PageFailure {
  /** The paging effect's idempotency key: one entry per page, however many attempts. */
  key: string;
  /** Escalation level (0-based) or null for a page by hand. */
  level: number | null;
  /** The targets that could not be reached (as written in config). */
  targets: string[];
  error: string;
  /** True when no more attempts will be made (the outbox gave up, or the vendor refused for good). */
  final: boolean;
  at: string;
}

/**
 * The PagerDuty dedup_key for this incident: its id, and after a reopen a fresh one, because
 * PagerDuty keeps a resolved incident's key closed and would drop a trigger that reuses it.
 */
export function pagerDedupKey(context: Pick<IncidentContext, 'id' | 'reopens'>): string {
  return context.reopens > 0 ? `${context.id}~${context.reopens}` : context.id;
}

/** Every event carries who (a Slack user id, `pagerduty:<name>`, `alert:<source>`) and when (ISO). */
type Meta = { actor?: string; at?: string };

export type IncidentEvent =
  | ({ type: 'incident.declared'; number: number } & Meta)
  | ({ type: 'alerts.changed' } & Meta)
  | ({ type: 'alerts.cleared' } & Meta)
  | ({ type: 'incident.acknowledge'; via?: string } & Meta)
  | ({ type: 'incident.status'; status: UpdateStatus; message?: string } & Meta)
  | ({ type: 'incident.severity'; severity: Severity } & Meta)
  | ({ type: 'incident.role'; role: Role; user: string } & Meta)
  | ({ type: 'incident.note'; text: string } & Meta)
  | ({ type: 'incident.resolve'; summary?: string; via?: string } & Meta)
  | ({ type: 'incident.reopen'; reason?: string; via?: string } & Meta)
  | ({ type: 'incident.close' } & Meta)
  | ({ type: 'slack.channelOpened'; channelId: string; name: string } & Meta)
  | ({ type: 'slack.summaryPosted'; ts: string } & Meta)
  | ({ type: 'incident.escalate'; reason?: string } & Meta)
  | ({ type: 'incident.page'; targets: string[] } & Meta)
  | ({ type: 'escalation.severityRaised' } & Meta)
  /** Timer: no status update for the severity's wait. */
  | ({ type: 'reminder.statusDue' } & Meta)
  /** "Snooze" on a nudge. */
  | ({ type: 'reminder.snooze' } & Meta)
  /** Timer: the post-mortem reminder falls due. */
  | ({ type: 'reminder.postmortemDue' } & Meta)
  /** "Post-mortem done" / "Dismiss", or `/incident postmortem done|dismiss`. */
  | ({ type: 'incident.postmortem'; decision: 'done' | 'dismissed' } & Meta)
  /** From the paging effect: some targets could not be reached (final: it stopped trying). */
  | ({ type: 'page.failed'; key: string; level: number | null; targets: string[]; error: string; final: boolean } & Meta)
  /** From the paging effect: a page that had failed got through on a later attempt. */
  | ({ type: 'page.delivered'; key: string } & Meta);

type Args = { context: IncidentContext; event: IncidentEvent };
const ev = <T extends IncidentEvent['type']>(event: IncidentEvent, _type: T) => event as Extract<IncidentEvent, { type: T }>;
const via = (event: IncidentEvent) => ('via' in event && event.via ? ` (via ${event.via})` : '');
const isSlackUser = (who: string | null | undefined): who is string => !!who && /^[UW][A-Z0-9]{2,}$/.test(who);

/** Timeline entry: who, when, what. */
const record = (kind: string, message: (args: Args) => string) => ({
  type: 'timeline.record' as const,
  params: (args: Args) => ({ kind, message: message(args), actor: args.event.actor ?? null }),
});

/** The effects that keep Slack true after any change: summary edited in place, topic. */
const refresh = [
  { type: 'slack.refreshSummary' as const, params: ({ context }: Args) => ({ incidentId: context.id }) },
];
const refreshWithTopic = [
  ...refresh,
  { type: 'slack.setTopic' as const, params: ({ context }: Args) => ({ incidentId: context.id }) },
];
const announce = (what: 'declared' | 'severity' | 'resolved' | 'exhausted') => ({
  type: 'slack.announce' as const,
  // `from`: the severity before this transition's assign (actions run in order).
  params: ({ context }: Args) => ({ incidentId: context.id, what, from: context.severity }),
});

/** Pages the current level's targets (an effect; the handler reaches Slack, PagerDuty, webhooks). */
const pageLevel = (reason: string) => ({
  type: 'page.targets' as const,
  params: ({ context }: Args) => ({
    incidentId: context.id,
    level: context.escalation.level,
    round: context.escalation.round,
    targets: context.escalation.policy?.levels[context.escalation.level]?.targets ?? [],
    reason,
  }),
});
/**
 * Tell PagerDuty what responders did here. The handler skips incidents PagerDuty was never paged
 * for, and events that came from PagerDuty itself (its webhook), so nothing loops.
 */
const pagerSync = (action: 'acknowledge' | 'resolve') => ({
  type: 'pagerduty.sync' as const,
  params: ({ context, event }: Args) => ({ incidentId: context.id, action, via: 'via' in event ? (event.via ?? null) : null }),
});

const MAX_PAGE_FAILURES = 5;
const pageWhere = (level: number | null) => (level === null ? 'by hand' : `level ${level + 1}`);

const addPageFailure = ({ context, event }: Args): PageFailure[] => {
  const e = ev(event, 'page.failed');
  const entry: PageFailure = { key: e.key, level: e.level, targets: e.targets, error: e.error, final: e.final, at: e.at ?? '' };
  return [...(context.pageFailures ?? []).filter((f) => f.key !== e.key), entry].slice(-MAX_PAGE_FAILURES);
};
const pageFailedRecord = record('escalation.page_failed', ({ event }) => {
  const e = ev(event, 'page.failed');
  return `Page ${pageWhere(e.level)} failed for ${e.targets.join(', ')}: ${e.error}${e.final ? ' — gave up' : ' — retrying'}`;
});

/** Timer ids: a later raise with the same id replaces the timer, so re-arming never stacks nudges. */
export const STATUS_TIMER = 'reminder.status';
export const POSTMORTEM_TIMER = 'reminder.postmortem';

const statusWait = (context: IncidentContext): number | null => context.reminders?.statusUpdateMs[context.severity] ?? null;
const postmortemPending = (context: IncidentContext) => context.postmortem?.state === 'pending';
const minutes = (ms: number) => (ms >= 60_000 ? `${Math.round(ms / 60_000)}m` : `${Math.round(ms / 1000)}s`);

type EscalationUpdate = (args: { context: IncidentContext }) => IncidentContext['escalation'];
const nextLevel: EscalationUpdate = ({ context }) => ({ ...context.escalation, level: context.escalation.level + 1 });
const nextRound: EscalationUpdate = ({ context }) => ({ ...context.escalation, level: 0, round: context.escalation.round + 1 });
const firstLevel: EscalationUpdate = ({ context }) => ({ ...context.escalation, level: 0, round: 0, exhausted: false });

const archiveActions = [
  { type: 'slack.archive' as const, params: ({ context }: Args) => ({ incidentId: context.id }) },
  { type: 'markArchived' as const },
  record('slack.archived', () => 'Channel archived'),
];

const noteActions = [{ type: 'noteUpdate' as const }, record('incident.note', ({ event }) => ev(event, 'incident.note').text), ...refresh];
/** After an update (or declaration, reopen), after a nudge, or after a severity change. */
const armStatusReminder = (after: 'update' | 'nudge' | 'severity') => ({ type: 'armStatusReminder' as const, params: { after } });
/** How long the channel has been without an update, for the nudge's text. */
const silentFor = ({ context, event }: Args) => {
  const since = Date.parse(context.statusUpdatedAt ?? context.statusWaitFrom ?? '');
  const now = Date.parse(event.at ?? '');
  return Number.isNaN(since) || Number.isNaN(now) ? (statusWait(context) ?? 0) : Math.max(0, now - since);
};

export const incidentMachine = setup({
  types: {
    context: {} as IncidentContext,
    input: {} as IncidentInput,
    events: {} as IncidentEvent,
  },
  actions: {
    'timeline.record': (_, _p: { kind: string; message: string; actor: string | null }) => {},
    'slack.openChannel': (_, _p: { incidentId: string }) => {},
    'slack.setTopic': (_, _p: { incidentId: string }) => {},
    'slack.invite': (_, _p: { incidentId: string; users: string[] }) => {},
    'slack.postSummary': (_, _p: { incidentId: string }) => {},
    'slack.refreshSummary': (_, _p: { incidentId: string }) => {},
    'slack.pin': (_, _p: { incidentId: string; ts: string }) => {},
    'slack.announce': (_, _p: { incidentId: string; what: 'declared' | 'severity' | 'resolved' | 'exhausted'; from: Severity }) => {},
    'slack.post': (_, _p: { incidentId: string; text: string }) => {},
    'slack.archive': (_, _p: { incidentId: string }) => {},
    'pagerduty.sync': (_, _p: { incidentId: string; action: 'acknowledge' | 'resolve'; via: string | null }) => {},
    'page.targets': (_, _p: { incidentId: string; level: number | null; round: number; targets: string[]; reason: string }) => {},
    'slack.remindStatus': (_, _p: { incidentId: string; waitedMs: number }) => {},
    'slack.remindPostmortem': (_, _p: { incidentId: string; count: number }) => {},
    noteUpdate: assign({ lastUpdate: ({ event }) => ({ at: event.at ?? '', by: event.actor ?? null, text: ev(event, 'incident.note').text }) }),
    markArchived: assign({ archivedAt: ({ event }) => event.at ?? null }),
    /**
     * (Re)arms the status-update nudge: the full wait from this event (an update, a nudge), or — when
     * the severity changed — what is left of the new severity's wait since the wait started (off at
     * the new severity cancels it). Without reminder settings nothing is emitted at all.
     */
    armStatusReminder: enqueueActions(({ context, event, enqueue }, params: { after: 'update' | 'nudge' | 'severity' }) => {
      if (!context.reminders) return;
      const at = event.at ?? null;
      if (params.after === 'update') enqueue.assign({ statusUpdatedAt: at });
      const wait = statusWait(context);
      if (wait === null) {
        // Only a severity change can leave a nudge armed at a severity without nudges.
        if (params.after === 'severity') enqueue.cancel(STATUS_TIMER);
        return;
      }
      const base = params.after === 'severity' ? Date.parse(context.statusWaitFrom ?? '') : NaN;
      const now = Date.parse(at ?? '');
      const delay = Number.isNaN(base) || Number.isNaN(now) ? wait : Math.max(0, base + wait - now);
      if (params.after !== 'severity') enqueue.assign({ statusWaitFrom: at });
      enqueue.raise({ type: 'reminder.statusDue' }, { id: STATUS_TIMER, delay });
    }),
    cancelStatusReminder: enqueueActions(({ context, enqueue }) => {
      if (context.reminders) enqueue.cancel(STATUS_TIMER);
    }),
    /** After resolve: counted from the resolve event's time (working days: Mon–Fri, UTC). */
    schedulePostmortem: enqueueActions(({ context, event, enqueue }) => {
      const settings = context.reminders?.postmortem;
      if (!settings) return;
      enqueue.assign({ postmortem: { state: 'pending', reminders: 0, by: null } });
      enqueue.raise({ type: 'reminder.postmortemDue' }, { id: POSTMORTEM_TIMER, delay: waitFrom(event.at ?? '', settings.after) });
    }),
    repeatPostmortem: enqueueActions(({ context, event, enqueue }) => {
      const every = context.reminders?.postmortem?.repeatEvery;
      if (every) enqueue.raise({ type: 'reminder.postmortemDue' }, { id: POSTMORTEM_TIMER, delay: waitFrom(event.at ?? '', every) });
    }),
    dropPostmortem: enqueueActions(({ context, enqueue }) => {
      if (!postmortemPending(context)) return;
      enqueue.cancel(POSTMORTEM_TIMER);
      enqueue.assign({ postmortem: null });
    }),
  },
  guards: {
    autoResolves: ({ context }) => context.autoResolve,
    /** Status updates move forward only: skipping ahead is fine, going back is refused. */
    isForward: ({ context, event }) => statusRank(ev(event, 'incident.status').status) > statusRank(context.status),
    isSeverityChange: ({ context, event }) => ev(event, 'incident.severity').severity !== context.severity,
    archives: ({ context }) => context.chat.archiveAfterMs !== null,
    closesByItself: ({ context }) => context.chat.closeAfterMs != null,
    hasPolicy: ({ context }) => (context.escalation.policy?.levels.length ?? 0) > 0,
    hasNextLevel: ({ context }) => context.escalation.level + 1 < (context.escalation.policy?.levels.length ?? 0),
    canRepeat: ({ context }) => context.escalation.round < (context.escalation.policy?.repeat ?? 0),
    isSev1: ({ context }) => context.severity === 'sev1',
    postmortemPending: ({ context }) => postmortemPending(context),
    remindsStatus: ({ context }) => statusWait(context) !== null,
  },
  delays: {
    archiveAfter: ({ context }) => context.chat.archiveAfterMs ?? 0,
    closeAfter: ({ context }) => context.chat.closeAfterMs ?? 0,
    levelTimeout: ({ context }) => context.escalation.policy?.levels[context.escalation.level]?.timeoutMs ?? 0,
  },
}).createMachine({
  id: 'incident',
  context: ({ input }) => ({
    id: input.id,
    title: input.title,
    severity: input.severity,
    service: input.service,
    policy: input.policy,
    declaredBy: input.declaredBy,
    autoResolve: input.autoResolve,
    chat: input.chat,
    number: null,
    status: 'triggered',
    roles: { commander: input.commander ?? null, scribe: null, comms: null },
    responders: input.responders ?? [],
    declaredAt: null,
    acknowledgedAt: null,
    resolvedAt: null,
    lastUpdate: input.summary ? { at: '', by: input.declaredBy, text: input.summary } : null,
    channel: null,
    summaryTs: null,
    escalation: { policy: input.escalation ?? null, level: 0, round: 0, since: null, exhausted: false },
    reopens: 0,
    pageFailures: [],
    pagedByHand: [],
    reminders: input.reminders ?? null,
    statusWaitFrom: null,
    statusUpdatedAt: null,
    postmortem: null,
    archivedAt: null,
  }),
  // The store assigns the number in the same commit that creates the workflow and says so with
  // `incident.declared`; until then the incident already counts as open (alerts attach to it).
  initial: 'declaring',
  on: {
    'alerts.changed': { actions: refresh },
    'slack.channelOpened': {
      actions: [
        assign({ channel: ({ event }) => ({ id: ev(event, 'slack.channelOpened').channelId, name: ev(event, 'slack.channelOpened').name }) }),
        record('slack.channel', ({ event }) => `Channel #${ev(event, 'slack.channelOpened').name} opened`),
        { type: 'slack.setTopic', params: ({ context }: Args) => ({ incidentId: context.id }) },
        {
          type: 'slack.invite',
          params: ({ context }: Args) => ({
            incidentId: context.id,
            users: [...new Set([context.roles.commander, context.declaredBy, ...context.responders].filter(isSlackUser))],
          }),
        },
        { type: 'slack.postSummary', params: ({ context }: Args) => ({ incidentId: context.id }) },
        announce('declared'),
      ],
    },
    'slack.summaryPosted': {
      actions: [
        assign({ summaryTs: ({ event }) => ev(event, 'slack.summaryPosted').ts }),
        { type: 'slack.pin', params: ({ context, event }: Args) => ({ incidentId: context.id, ts: ev(event, 'slack.summaryPosted').ts }) },
      ],
    },
    // A page is never silently lost: a failure is on the timeline and the summary until a retry gets
    // through, and a page given up for good is also said in the channel.
    'page.failed': [
      {
        guard: ({ event }) => ev(event, 'page.failed').final,
        actions: [
          assign({ pageFailures: addPageFailure }),
          pageFailedRecord,
          ...refresh,
          {
            type: 'slack.post',
            params: ({ context, event }: Args) => {
              const e = ev(event, 'page.failed');
              return { incidentId: context.id, text: `:warning: *Page ${pageWhere(e.level)} failed* for ${e.targets.join(', ')}: ${e.error}. Page someone by hand with \`/incident page\`.` };
            },
          },
        ],
      },
      { actions: [assign({ pageFailures: addPageFailure }), pageFailedRecord, ...refresh] },
    ],
    'page.delivered': {
      guard: ({ context, event }) => (context.pageFailures ?? []).some((f) => f.key === ev(event, 'page.delivered').key),
      actions: [
        record('escalation.page_delivered', ({ context, event }) => {
          const failed = (context.pageFailures ?? []).find((f) => f.key === ev(event, 'page.delivered').key);
          return `Page ${pageWhere(failed?.level ?? null)} delivered after retrying`;
        }),
        assign({ pageFailures: ({ context, event }) => (context.pageFailures ?? []).filter((f) => f.key !== ev(event, 'page.delivered').key) }),
        ...refresh,
      ],
    },
    // A note is the latest word from the responders: on the timeline and as the summary's last update.
    'incident.note': { actions: noteActions },
    // The post-mortem outlives resolve, close and archive: reminded until someone settles it.
    'reminder.postmortemDue': {
      guard: 'postmortemPending',
      actions: [
        record('reminder.postmortem', ({ context }) => `Post-mortem reminder sent to ${context.roles.commander ? `<@${context.roles.commander}>` : 'the channel'}`),
        { type: 'slack.remindPostmortem', params: ({ context }: Args) => ({ incidentId: context.id, count: (context.postmortem?.reminders ?? 0) + 1 }) },
        assign({ postmortem: ({ context }) => ({ state: 'pending' as const, by: null, reminders: (context.postmortem?.reminders ?? 0) + 1 }) }),
        { type: 'repeatPostmortem' },
      ],
    },
    'incident.postmortem': {
      guard: 'postmortemPending',
      actions: [
        assign({ postmortem: ({ context, event }) => ({ state: ev(event, 'incident.postmortem').decision, by: event.actor ?? null, reminders: context.postmortem?.reminders ?? 0 }) }),
        cancel(POSTMORTEM_TIMER),
        record('incident.postmortem', ({ event }) => (ev(event, 'incident.postmortem').decision === 'done' ? 'Post-mortem marked done' : 'Post-mortem reminder dismissed')),
        ...refresh,
      ],
    },
  },
  states: {
    declaring: {
      on: {
        'incident.declared': {
          target: 'open',
          actions: [
            assign({
              number: ({ event }) => ev(event, 'incident.declared').number,
              declaredAt: ({ event }) => event.at ?? null,
              lastUpdate: ({ context, event }) => (context.lastUpdate ? { ...context.lastUpdate, at: event.at ?? '' } : null),
            }),
            { type: 'slack.openChannel', params: ({ context }: Args) => ({ incidentId: context.id }) },
          ],
        },
      },
    },
    open: {
      initial: 'triggered',
      // Status-update nudges run while the incident is open: armed on declaration and reopen, gone on resolve.
      entry: armStatusReminder('update'),
      exit: { type: 'cancelStatusReminder' },
      on: {
        'incident.note': { actions: [...noteActions, armStatusReminder('update')] },
        'reminder.statusDue': {
          guard: 'remindsStatus',
          actions: [
            record('reminder.status', (args) => `Reminded the channel: no status update for ${minutes(silentFor(args))}`),
            { type: 'slack.remindStatus', params: (args: Args) => ({ incidentId: args.context.id, waitedMs: silentFor(args) }) },
            armStatusReminder('nudge'),
          ],
        },
        'reminder.snooze': {
          guard: 'remindsStatus',
          actions: [
            record('reminder.snoozed', ({ context }) => `Status-update reminders snoozed for ${minutes(context.reminders?.snoozeMs ?? 0)}`),
            assign({ statusWaitFrom: ({ event }) => event.at ?? null }),
            raise({ type: 'reminder.statusDue' }, { id: STATUS_TIMER, delay: ({ context }) => context.reminders?.snoozeMs ?? 0 }),
          ],
        },
        'alerts.cleared': [
          { guard: 'autoResolves', target: 'resolved', actions: record('incident.resolved', () => 'Resolved automatically: every alert recovered') },
          { actions: record('alerts.cleared', () => 'Every alert has recovered; the incident stays open until someone resolves it') },
        ],
        'incident.acknowledge': {
          guard: ({ context }) => context.status === 'triggered',
          target: '.acknowledged',
          actions: [
            assign({ acknowledgedAt: ({ event }) => event.at ?? null }),
            record('incident.acknowledged', ({ event }) => `Acknowledged${via(event)}`),
            pagerSync('acknowledge'),
          ],
        },
        'incident.status': [
          {
            guard: 'isForward',
            target: '.updated',
            actions: [
              assign({
                status: ({ event }) => ev(event, 'incident.status').status,
                acknowledgedAt: ({ context, event }) => context.acknowledgedAt ?? event.at ?? null,
                lastUpdate: ({ context, event }) => {
                  const e = ev(event, 'incident.status');
                  return e.message ? { at: e.at ?? '', by: e.actor ?? null, text: e.message } : context.lastUpdate;
                },
              }),
              record('incident.status', ({ event }) => {
                const e = ev(event, 'incident.status');
                return `Status: ${e.status}${e.message ? ` — ${e.message}` : ''}`;
              }),
              ...refreshWithTopic,
              armStatusReminder('update'),
            ],
          },
          {
            actions: record('incident.refused', ({ context, event }) =>
              `Status ${ev(event, 'incident.status').status} refused: the incident is already ${context.status} (statuses only move forward)`),
          },
        ],
        'incident.severity': {
          guard: 'isSeverityChange',
          actions: [
            record('incident.severity', ({ context, event }) => `Severity ${context.severity} → ${ev(event, 'incident.severity').severity}`),
            announce('severity'),
            assign({ severity: ({ event }) => ev(event, 'incident.severity').severity }),
            ...refreshWithTopic,
            // Raising to sev1 re-pages the current level (the paging state decides: only while escalating).
            raise({ type: 'escalation.severityRaised' }),
            // Not an update, but the nudge follows the new severity's wait (counted from the last update).
            armStatusReminder('severity'),
          ],
        },
        'incident.page': {
          actions: [
            {
              type: 'page.targets',
              params: ({ context, event }: Args) => ({
                incidentId: context.id, level: null, round: context.escalation.round, targets: ev(event, 'incident.page').targets, reason: 'paged by hand',
              }),
            },
            record('escalation.paged', ({ event }) => `Paged by hand: ${ev(event, 'incident.page').targets.join(', ')}`),
            assign({ pagedByHand: ({ context, event }) => [...new Set([...(context.pagedByHand ?? []), ...ev(event, 'incident.page').targets])] }),
          ],
        },
        'incident.role': {
          actions: [
            assign({ roles: ({ context, event }) => ({ ...context.roles, [ev(event, 'incident.role').role]: ev(event, 'incident.role').user }) }),
            record('incident.role', ({ event }) => `${ev(event, 'incident.role').role}: <@${ev(event, 'incident.role').user}>`),
            { type: 'slack.invite', params: ({ context, event }: Args) => ({ incidentId: context.id, users: [ev(event, 'incident.role').user].filter(isSlackUser) }) },
            ...refreshWithTopic,
          ],
        },
        'incident.resolve': {
          target: 'resolved',
          actions: [
            assign({
              resolvedAt: ({ event }) => event.at ?? null,
              lastUpdate: ({ context, event }) => {
                const e = ev(event, 'incident.resolve');
                return e.summary ? { at: e.at ?? '', by: e.actor ?? null, text: e.summary } : context.lastUpdate;
              },
            }),
            pagerSync('resolve'),
            record('incident.resolved', ({ event }) => {
              const e = ev(event, 'incident.resolve');
              return `Resolved${via(event)}${e.summary ? `: ${e.summary}` : ''}`;
            }),
          ],
        },
      },
      states: {
        // Escalation runs while nobody has acknowledged: leaving `triggered` (ack, a status update,
        // resolve) cancels its timer, so nothing is paged after an acknowledgement is committed.
        triggered: {
          initial: 'starting',
          states: {
            starting: { always: [{ guard: 'hasPolicy', target: 'paging' }, { target: 'unescalated' }] },
            unescalated: {},
            paging: {
              entry: [
                assign({ escalation: ({ context, event }) => ({ ...context.escalation, since: event.at ?? null }) }),
                pageLevel('escalation'),
                record('escalation.paged', ({ context }) =>
                  `Paged level ${context.escalation.level + 1}${context.escalation.round > 0 ? ` (repeat ${context.escalation.round})` : ''} of ${context.escalation.policy?.name ?? 'the policy'}`),
                // The summary shows the level and when the next one comes.
                ...refresh,
              ],
              after: {
                levelTimeout: [
                  { guard: 'hasNextLevel', target: 'paging', reenter: true, actions: assign({ escalation: nextLevel }) },
                  { guard: 'canRepeat', target: 'paging', reenter: true, actions: assign({ escalation: nextRound }) },
                  { target: 'exhausted' },
                ],
              },
              on: {
                'incident.escalate': [
                  { guard: 'hasNextLevel', target: 'paging', reenter: true, actions: [record('escalation.escalated', ({ event }) => `Escalated by hand${'reason' in event && event.reason ? `: ${event.reason}` : ''}`), assign({ escalation: nextLevel })] },
                  { guard: 'canRepeat', target: 'paging', reenter: true, actions: [record('escalation.escalated', () => 'Escalated by hand: starting the policy again'), assign({ escalation: nextRound })] },
                  { target: 'exhausted' },
                ],
                'escalation.severityRaised': {
                  guard: 'isSev1',
                  actions: [
                    pageLevel('severity raised to sev1'),
                    record('escalation.paged', ({ context }) => `Paged level ${context.escalation.level + 1} of ${context.escalation.policy?.name ?? 'the policy'} again: severity raised to sev1`),
                  ],
                },
              },
            },
            exhausted: {
              entry: [
                assign({ escalation: ({ context }) => ({ ...context.escalation, exhausted: true }) }),
                record('escalation.exhausted', ({ context }) => `Escalation exhausted: nobody acknowledged after every level of ${context.escalation.policy?.name ?? 'the policy'}`),
                { type: 'slack.post', params: ({ context }: Args) => ({ incidentId: context.id, text: ':rotating_light: *Escalation exhausted*: every level was paged and nobody acknowledged.' }) },
                announce('exhausted'),
                ...refresh,
              ],
            },
          },
        },
        acknowledged: {
          entry: [assign({ status: 'acknowledged' }), ...refreshWithTopic],
        },
        updated: {},
      },
    },
    resolved: {
      entry: [
        assign({ status: 'resolved' }),
        ...refreshWithTopic,
        announce('resolved'),
        { type: 'schedulePostmortem' },
      ],
      initial: 'waiting',
      states: {
        waiting: { always: { guard: 'closesByItself', target: 'closing' } },
        closing: {
          after: { closeAfter: { target: '#incident.closed', actions: record('incident.closed', () => 'Closed automatically after resolve') } },
        },
      },
      on: {
        'incident.reopen': {
          target: 'open',
          actions: [
            assign({ status: 'triggered', resolvedAt: null, acknowledgedAt: null, reopens: ({ context }) => (context.reopens ?? 0) + 1 }),
            assign({ escalation: firstLevel }),
            { type: 'dropPostmortem' },
            record('incident.reopened', ({ event }) => {
              const e = ev(event, 'incident.reopen');
              return `Reopened${via(event)}${e.reason ? `: ${e.reason}` : ''}`;
            }),
            ...refreshWithTopic,
          ],
        },
        'incident.close': {
          target: 'closed',
          actions: record('incident.closed', () => 'Closed'),
        },
      },
    },
    closed: {
      entry: [assign({ status: 'closed' }), ...refreshWithTopic],
      initial: 'waiting',
      states: {
        waiting: {
          always: [{ guard: 'archives', target: 'archiving' }, { guard: 'postmortemPending', target: 'awaitingPostmortem' }, { target: 'done' }],
        },
        archiving: {
          after: {
            archiveAfter: [
              { guard: 'postmortemPending', target: 'awaitingPostmortem', actions: archiveActions },
              { target: 'done', actions: archiveActions },
            ],
          },
        },
        // Finishing would drop the post-mortem timer: the workflow waits until the post-mortem is settled.
        awaitingPostmortem: {
          always: { guard: ({ context }) => !postmortemPending(context), target: 'done' },
        },
        done: { type: 'final' },
      },
      onDone: 'finished',
    },
    finished: { type: 'final' },
  },
});

export const incidentDefinition: WorkflowDefinition = {
  kind: 'incident',
  machine: incidentMachine,
  version: 1,
  summarize: ({ context }) => {
    const c = context as IncidentContext;
    return {
      status: c.status, severity: c.severity, title: c.title, service: c.service, number: c.number,
      commander: c.roles.commander, channel: c.channel?.id ?? null,
    };
  },
};
