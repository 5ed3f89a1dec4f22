// Effects: page an incident's escalation targets — Slack users and user groups by a mention in the
// incident channel, PagerDuty through the Events API with the incident id as dedup_key (a retried
// page is never a second PagerDuty incident).
import { toPagerDutySeverity } from '../integrations/pagerduty/events.js';
import { summaryText } from '../integrations/slack/blocks/summary.js';
import { escapeMrkdwn } from '../integrations/slack/escape.js';
import type { Transport } from '../store/transport.js';
import { appendTimeline } from '../store/workflows.js';
import type { WorkflowRunner } from '../workflows/runner.js';
import type { EffectResult } from './effect.js';
import { loadIncident } from './incident-view.js';
import type { Chat, Pager } from './ports.js';
import type { EffectRegistry } from './registry.js';

export interface PagingDeps {
  chat: Chat;
  /** Null when PagerDuty is not configured: a `pagerduty` target then fails loudly. */
  pager: Pager | null;
  store: Transport;
  runner: WorkflowRunner;
}

type PageParams = { incidentId: string; level: number | null; round: number; targets: string[]; reason: string };

const SLACK_TARGET = /^[UWS][A-Z0-9]{2,}$/;
const PAGERDUTY_TARGET = /^pagerduty(?::[A-Za-z0-9]{8,})?$/;


export function registerPaging(registry: EffectRegistry, deps: PagingDeps): void {
  registry.define<PageParams>('page.targets', {
    orderingKey: (p) => `slack:${p.incidentId}`,
    handler: async (effect): Promise<EffectResult> => {
      const loaded = await loadIncident(deps.store, deps.runner, effect.params.incidentId);
      if (!loaded) return { ok: true, value: { skipped: 'incident not found' } };
      const { view } = loaded;
      const { targets, level, round, reason } = effect.params;
      // Targets understood today: Slack user ids (U…/W…), user group ids (S…), `pagerduty[:<routing key>]`.
      const mentions = targets.filter((t) => SLACK_TARGET.test(t)).map((t) => (t.startsWith('S') ? `<!subteam^${t}>` : `<@${t}>`));
      const pagerduty = targets.filter((t) => PAGERDUTY_TARGET.test(t));
      const unknown = targets.filter((t) => !SLACK_TARGET.test(t) && !PAGERDUTY_TARGET.test(t));
      if (unknown.length > 0) {
        await appendTimeline(deps.store, view.id, {
          kind: 'escalation.unreachable', actor: 'firebreak',
          message: `Cannot page ${unknown.join(', ')}: targets are Slack user ids (U…), user group ids (S…) or pagerduty[:<routing key>]`,
        });
      }
      const where = level === null ? reason : `level ${level + 1}${round > 0 ? `, repeat ${round}` : ''}`;

      if (mentions.length > 0 && view.channel) {
        const r = await deps.chat.post(
          {
            channel: view.channel.id,
            text: `:rotating_light: Paging ${mentions.join(' ')} (${escapeMrkdwn(where)}): ${escapeMrkdwn(summaryText(view))} — acknowledge with \`/incident ack\` or the button on the pinned summary.`,
            idempotencyKey: `${effect.idempotencyKey}:slack`,
          },
          { retry: effect.attempt > 1 },
        );
        if (!r.ok) return r;
      }
      for (const target of pagerduty) {
        if (!deps.pager) return { ok: false, error: { kind: 'give-up', message: 'a level pages PagerDuty but PAGERDUTY_ROUTING_KEY is not set' } };
        const routingKey = target.includes(':') ? target.slice(target.indexOf(':') + 1) : undefined;
        const r = await deps.pager.trigger(
          {
            dedupKey: view.id,
            summary: `#${view.number ?? '?'} ${view.title}`,
            source: view.service ?? 'firebreak',
            severity: toPagerDutySeverity(view.severity),
            component: view.service ?? undefined,
            customDetails: { summary: summaryText(view), status: view.status, level: where, ...(view.channel && { slack_channel: `#${view.channel.name}` }) },
          },
          routingKey,
        );
        if (!r.ok) return r;
      }
      return { ok: true, value: { mentioned: mentions.length, pagerduty: pagerduty.length } };
    },
  });
}

/** Firebreak's acknowledge / resolve → PagerDuty, for incidents whose policy pages PagerDuty. */
export function registerPagerSync(registry: EffectRegistry, deps: PagingDeps): void {
  registry.define<{ incidentId: string; action: 'acknowledge' | 'resolve'; via: string | null }>('pagerduty.sync', {
    orderingKey: (p) => `pagerduty:${p.incidentId}`,
    handler: async (effect): Promise<EffectResult> => {
      const { incidentId, action, via } = effect.params;
      if (via === 'PagerDuty') return { ok: true, value: { skipped: 'came from PagerDuty' } };
      if (!deps.pager) return { ok: true, value: { skipped: 'PagerDuty not configured' } };
      const loaded = await loadIncident(deps.store, deps.runner, incidentId);
      const targets = loaded?.context.escalation.policy?.levels.flatMap((l) => l.targets).filter((t) => PAGERDUTY_TARGET.test(t)) ?? [];
      if (targets.length === 0) return { ok: true, value: { skipped: 'PagerDuty was never paged' } };
      // Every routing key the policy pages: acknowledge/resolve must go through the integration that triggered.
      for (const routingKey of new Set(targets.map((t) => (t.includes(':') ? t.slice(t.indexOf(':') + 1) : undefined)))) {
        const r = action === 'acknowledge' ? await deps.pager.acknowledge(incidentId, routingKey) : await deps.pager.resolve(incidentId, routingKey);
        if (!r.ok) return r;
      }
      return { ok: true, value: { synced: action } };
    },
  });
}
