// Incidents: the post-mortem draft shared in the incident channel when it resolves — the Markdown the
// reports feature renders from the record, as a file (Chat.uploadFile), noted on the timeline with its
// link. Later reads (GET /incidents/<n>/postmortem.md, the console) stay fresh until it is marked done.
import type { EffectResult, EffectSpec } from '../../effects/effect.js';
import type { Chat, DocumentStore } from '../../effects/ports.js';
import { createReports, type ResponseTargets } from '../../reports/index.js';
import type { Transport } from '../../store/transport.js';
import { appendTimeline } from '../../store/workflows.js';
import type { IncidentEffects } from '../../workflows/incident/index.js';
import type { WorkflowRunner } from '../../workflows/runner.js';
import { loadIncident } from '../view.js';

export interface PostmortemDraftDeps {
  chat: Chat;
  store: Transport;
  runner: WorkflowRunner;
  /** firebreak.yaml `targets`: the draft marks each key time met or missed. */
  targets?: () => ResponseTargets;
  /** FIREBREAK_PUBLIC_URL: the draft and its reminder link to GET /incidents/<n>/postmortem.md. */
  publicUrl?: string | null;
  /** Also published as a repository file (postmortems.github): where, and the path (`{number}` filled in). */
  documents?: { store: DocumentStore; path: string } | null;
}

const skipped = (why: string): EffectResult => ({ ok: true, value: { skipped: why } });

/** Where the draft can be read: the always-fresh route when the server has a public address, else the shared file. */
export function postmortemUrl(publicUrl: string | null | undefined, number: number | null): string | null {
  return publicUrl && number !== null ? `${publicUrl.replace(/\/$/, '')}/incidents/${number}/postmortem.md` : null;
}

export function postmortemDraftEffects(deps: PostmortemDraftDeps): { 'slack.postmortemDraft': EffectSpec<IncidentEffects['slack.postmortemDraft']> } {
  const read = (id: string) => loadIncident(deps.store, deps.runner, id, { followups: true });
  const reports = createReports({ store: deps.store, incidents: { read }, targets: deps.targets ?? (() => ({})), publicUrl: deps.publicUrl ?? null });
  return {
    'slack.postmortemDraft': {
      orderingKey: (params) => `slack:${params.incidentId}`,
      // Sharing a file is not idempotent on Slack's side: few attempts, so a lost answer shares it twice at most.
      maxAttempts: 3,
      // Two parts, each recorded once it got through, so a retry repeats neither: the file in the
      // channel, then (when configured) the repository file.
      handler: async (effect, ctx) => {
        const incident = await read(effect.params.incidentId);
        if (!incident) return skipped('incident not found');
        const { view } = incident;
        if (!view.channel) return skipped('no channel');
        if (view.status !== 'resolved' && view.status !== 'closed') return skipped(`incident is ${view.status} again`);
        const markdown = await reports.postmortemMarkdown(view.id);
        if (markdown === null) return skipped('incident not found');
        const number = view.number ?? 0;
        const url = postmortemUrl(deps.publicUrl, view.number);
        const content = new TextEncoder().encode(markdown);
        const done = new Set(effect.done ?? []);
        if (!done.has('channel')) {
          const r = await deps.chat.uploadFile(view.channel.id, {
            filename: `postmortem-incident-${number}.md`,
            title: `Post-mortem draft: #${number} ${view.title}`.slice(0, 250),
            content,
            comment: `Post-mortem draft for #${number}, written from the incident record. Fill in the root cause and what went well or not${url ? `; the latest version is always at ${url}` : ''}.`,
          });
          if (!r.ok) return r;
          await appendTimeline(deps.store, view.id, {
            kind: 'postmortem.drafted', actor: 'firebreak',
            message: 'Post-mortem draft shared in the channel',
            data: { fileId: r.value.fileId, permalink: r.value.permalink, url, resolution: effect.params.resolution },
          });
          await ctx.progress?.('channel');
        }
        if (deps.documents && !done.has('repository')) {
          const path = deps.documents.path.replaceAll('{number}', String(number));
          const r = await deps.documents.store.put(path, content, `Post-mortem draft for incident #${number}`);
          if (!r.ok) return r;
          await appendTimeline(deps.store, view.id, {
            kind: 'postmortem.published', actor: 'firebreak',
            message: `Post-mortem draft published to ${deps.documents.store.where}/${path}`,
            data: { url: r.value.url, repository: deps.documents.store.where, path },
          });
          await ctx.progress?.('repository');
        }
        return { ok: true, value: null };
      },
    },
  };
}
