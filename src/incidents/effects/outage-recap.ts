// Incidents: the one message after a chat outage. The store queues this effect once per outage when
// the Slack breaker closes (fb_breaker_close); it names the incidents declared or changed while Slack
// was unreachable, as they stand now, in the announcement channel.
import type { EffectSpec } from '../../effects/effect.js';
import type { Chat } from '../../effects/ports.js';
import { incidentsChangedBetween } from '../../store/breakers.js';
import { listEffects } from '../../store/outbox.js';
import type { Transport } from '../../store/transport.js';
import type { WorkflowRunner } from '../../workflows/runner.js';
import { loadIncident } from '../view.js';

export const OUTAGE_RECAP_EFFECT = 'slack.outageRecap';

export interface OutageRecapParams {
  vendor: string;
  from: string;
  to: string;
  [k: string]: unknown;
}

/** The recap waits this long at most for the incidents' own channel work to catch up, so it links their channels. */
const WAIT_FOR_CHANNELS_MS = 10 * 60_000;

export function outageRecapEffect(deps: { chat: Chat; store: Transport; runner: WorkflowRunner; announceChannel?: () => string | null; now?: () => Date }): EffectSpec<OutageRecapParams> {
  return {
    orderingKey: () => 'slack:outage-recap',
    handler: async (effect) => {
      const channel = deps.announceChannel?.() ?? null;
      if (!channel) return { ok: true, value: { skipped: 'no announcement channel configured' } };
      const ids = await incidentsChangedBetween(deps.store, effect.params.from, effect.params.to);
      const loaded = (await Promise.all(ids.map((id) => loadIncident(deps.store, deps.runner, id)))).filter((x) => x !== null);
      // The waiting channel work of these incidents runs first (paced), so the recap links their channels.
      const behind = await Promise.all(loaded.map(async (l) => (await listEffects(deps.store, l.view.id)).some((e) => e.ordering_key === `slack:${l.view.id}` && (e.status === 'pending' || e.status === 'running'))));
      const age = (deps.now ?? (() => new Date()))().getTime() - Date.parse(effect.params.to);
      if (behind.some(Boolean) && age < WAIT_FOR_CHANNELS_MS) return { ok: false, error: { kind: 'retry', message: 'waiting for the incidents’ channel work to catch up', retryAfterMs: 5_000 } };
      const r = await deps.chat.post(
        channel,
        { kind: 'outage-recap', vendor: effect.params.vendor, from: effect.params.from, to: effect.params.to, incidents: loaded.map((l) => l.view) },
        { idempotencyKey: effect.idempotencyKey, retry: effect.attempt > 1 },
      );
      return r.ok ? { ok: true, value: { incidents: ids.length } } : r;
    },
  };
}
