// Reports: the read API every surface renders — the timeline, the post-mortem draft, follow-ups and
// response metrics. Slack commands, the web console, the JSON API and `/incident stats` call this;
// it reads the store (and the incident through incidents/), and words nothing for Slack.
import type { Actor } from '../domain/actor.js';
import type { Chat, IssueTracker, PortResult, TrackerSystem } from '../effects/ports.js';
import type { Incidents } from '../incidents/index.js';
import { listAlerts } from '../store/incidents.js';
import { addFollowup, addTimelineMessage, listFollowups, setFollowupState } from '../store/reports.js';
import type { Transport } from '../store/transport.js';
import { responseChartSvg, svgToPng, type ChartOptions } from './chart.js';
import { syncFollowups, type SyncOutcome } from './followup-sync.js';
import { computeMetrics, computeTargetShares, incidentMetrics } from './metrics.js';
import { renderPostmortem, type PostmortemAlert } from './postmortem.js';
import { readTimeline, readWholeTimeline } from './timeline.js';
import type {
  ChatMessage, Followup, FollowupOutcome, MetricsQuery, NewFollowup, ResponseMetrics, ResponseTargets, TargetShares, TimelinePage, TimelineQuery,
} from './types.js';

export type * from './types.js';
export { formatDuration, formatTime, mdText } from './postmortem.js';
export { timelineActor, timelineCategory } from './timeline.js';
export { escapeXml, responseChartSvg, svgToPng, type ChartOptions } from './chart.js';
export type { SyncOutcome } from './followup-sync.js';

export interface ReportsDeps {
  store: Transport;
  incidents: Pick<Incidents, 'read'>;
  /** firebreak.yaml `targets` (SIGHUP may swap them). */
  targets: () => ResponseTargets;
  /** FIREBREAK_PUBLIC_URL: links to the console in documents and messages. */
  publicUrl?: string | null;
  /** Where charts are shared (Slack, or the log in local mode); without it shareChart answers give-up. */
  chat?: Chat;
  /** Where follow-ups are tracked besides Firebreak (GitHub issues, Jira issues): each configured one. */
  trackers?: readonly IssueTracker[];
}

/** Follow-ups of an incident (call it), and the changes to them. */
export interface FollowupsApi {
  (incidentId: string): Promise<Followup[]>;
  /** Null when there is no such incident. Lands on the timeline and in the audit log. */
  add(incidentId: string, followup: NewFollowup, actor: Actor): Promise<Followup | null>;
  markDone(id: number, actor: Actor): Promise<FollowupOutcome>;
  reopen(id: number, actor: Actor): Promise<FollowupOutcome>;
  /** One reconcile with that tracker (issues for new follow-ups, done issues → done); null when it is not configured. */
  sync(system: TrackerSystem): Promise<SyncOutcome | null>;
}

export interface Reports {
  /** The latest `limit` entries before `before`, oldest first; `older` pages back. */
  timeline(incidentId: string, query?: TimelineQuery): Promise<TimelinePage>;
  /** A chat message copied onto the timeline ("Add to timeline"), once per message; null: no such incident. */
  addMessage(incidentId: string, message: ChatMessage, actor: Actor): Promise<{ id: number; duplicate: boolean } | null>;
  /** The post-mortem draft as Markdown, fresh from the store; null when there is no such incident. */
  postmortemMarkdown(incidentId: string): Promise<string | null>;
  followups: FollowupsApi;
  /** TTD/TTA/TTR per incident declared in [from, to), p50/p90 by severity, service and week, targets met. */
  metrics(query: MetricsQuery): Promise<ResponseMetrics>;
  /** Targets met per severity and measure for incidents declared in [from, to) — the metrics' verdicts, counted, without the per-incident rows. */
  targetShares(query: Omit<MetricsQuery, 'severity'>): Promise<TargetShares>;
  /** The metrics' chart as a PNG (rendered here, no browser) shared in a channel with a plain-text comment. */
  shareChart(channel: string, metrics: ResponseMetrics, opts: ChartOptions & { comment: string | null; filename?: string }): Promise<PortResult<{ fileId: string; permalink: string | null }>>;
}

export function createReports(deps: ReportsDeps): Reports {
  const { store } = deps;

  const setState = async (id: number, state: 'open' | 'done', actor: Actor): Promise<FollowupOutcome> => {
    const r = await setFollowupState(store, id, state, actor);
    if (r.ok) return { ok: true, followup: r.followup };
    return { ok: false, reason: r.reason === 'already-done' ? 'already-done' : r.reason === 'not-found' ? 'not-found' : 'unavailable' };
  };

  const followups: FollowupsApi = Object.assign((incidentId: string) => listFollowups(store, incidentId), {
    add: (incidentId: string, f: NewFollowup, actor: Actor) => addFollowup(store, incidentId, f, actor),
    markDone: (id: number, actor: Actor) => setState(id, 'done', actor),
    reopen: (id: number, actor: Actor) => setState(id, 'open', actor),
    sync: async (system: TrackerSystem) => {
      const tracker = deps.trackers?.find((t) => t.system === system);
      return tracker ? syncFollowups(store, tracker, { publicUrl: deps.publicUrl ?? null }) : null;
    },
  });

  return {
    timeline: (incidentId, query) => readTimeline(store, incidentId, query),
    addMessage: (incidentId, message, actor) => addTimelineMessage(store, incidentId, message, actor),

    async postmortemMarkdown(incidentId) {
      const incident = await deps.incidents.read(incidentId);
      if (!incident) return null;
      const targets = deps.targets();
      const [times, timeline, alerts, list] = await Promise.all([
        incidentMetrics(store, incidentId, targets),
        readWholeTimeline(store, incidentId),
        listAlerts(store, incidentId),
        listFollowups(store, incidentId),
      ]);
      const severity = times?.severity ?? incident.view.severity;
      return renderPostmortem({
        view: incident.view,
        times,
        timeline,
        alerts: alerts.map((a): PostmortemAlert => ({
          source: a.source, title: a.title, status: a.status, count: Number(a.count),
          firstSeen: (a as { first_seen?: string }).first_seen ?? null,
          url: a.links.find((l) => typeof l.url === 'string')?.url ?? null,
        })),
        followups: list,
        state: incident.context.postmortem?.state ?? null,
        targets: targets[severity] ?? null,
        publicUrl: deps.publicUrl ?? null,
        policyLevels: incident.context.escalation?.policy?.levels ?? [],
      });
    },

    followups,

    metrics: (query) => computeMetrics(store, query, deps.targets()),
    targetShares: (query) => computeTargetShares(store, query, deps.targets()),

    async shareChart(channel, metrics, opts) {
      if (!deps.chat) return { ok: false, error: { kind: 'give-up', message: 'no chat to share the chart in' } };
      const png = svgToPng(responseChartSvg(metrics, opts));
      return deps.chat.uploadFile(channel, { filename: opts.filename ?? 'response-stats.png', title: opts.title ?? 'Response times by week', content: png, comment: opts.comment });
    },
  };
}
