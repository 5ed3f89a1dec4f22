// Effects: page an incident's escalation targets on every channel they have — Slack users (by id or
// email) by a mention in the incident channel and a DM with an Acknowledge button, user groups by a
// mention and a DM to each member, PagerDuty through the Events API under the incident's dedup key, webhooks by a signed POST.
// Each part is idempotent on its own key, so retrying the whole page repeats nothing that got
// through; what could not be reached is reported to the incident (page.failed), never lost.
import { looksLikeRoutingKey, parseTargets, targetName, TARGET_SYNTAX, type PageTarget } from '../../domain/targets.js';
import { incidentHeadline, type IncidentView } from '../../domain/incident.js';
import { isSlackChannelId } from '../../domain/slack-ids.js';
import type { Transport } from '../../store/transport.js';
import { appendTimeline } from '../../store/workflows.js';
import type { IncidentContext, IncidentEffects, PageParams } from '../../workflows/incident/index.js';
import type { WorkflowRunner } from '../../workflows/runner.js';
import type { Effect, EffectContext, EffectError, EffectResult, EffectSpec } from '../../effects/effect.js';
import { loadIncident } from '../view.js';
import type { Chat, Pager, PortResult, WebhookPage, WebhookPager } from '../../effects/ports.js';

export interface PagingDeps {
  chat: Chat;
  /** Null when PagerDuty is not configured: a `pagerduty` target then fails loudly. */
  pager: Pager | null;
  /**
   * The routing key of a service named under pagerduty.services (read from its environment variable),
   * revealed only here, at the call; undefined when the service is not configured.
   */
  routingKeys?: (service: string) => string | undefined;
  /** Absent when no webhook is configured: a `webhook:<name>` target then fails loudly. */
  webhooks?: WebhookPager | null;
  store: Transport;
  runner: WorkflowRunner;
  /** Scrubs secrets from the reason reported to the incident (it reaches the timeline and the channel). */
  redact?: (text: string) => string;
  /** Whether a vendor's breaker is open and for how long (the vendor gate): decides a level's fallback. */
  vendorDown?: (vendor: string) => { down: boolean; forMs: number };
}

/**
 * The PagerDuty dedup_key for this incident: its id, and after each reopen a fresh one. PagerDuty
 * opens a new alert for a trigger whose key belongs to a resolved alert, so reusing the id would
 * also page; the suffix keeps one PagerDuty incident per life of ours, so acknowledge/resolve sync
 * and PagerDuty's webhooks map back to the right reopen.
 */
export function pagerDedupKey(context: Pick<IncidentContext, 'id' | 'reopens'>): string {
  return context.reopens > 0 ? `${context.id}~${context.reopens}` : context.id;
}

/** Parts delivered in this process, by sub-key: a retry skips them without asking Slack again. */
const DELIVERED_MEMORY = 10_000;
const MAX_REASON = 300;
/** Members of one user group DMed per page: a big group is reached by its mention, not a DM storm. */
export const MAX_GROUP_DMS = 30;

export function pagingEffects(deps: PagingDeps): { 'page.targets': EffectSpec<PageParams> } {
  const delivered = new Set<string>();
  /**
   * Runs one part of the page unless an earlier attempt got it through: recorded durably on the
   * effect (any replica, any restart) and remembered in this process (in case recording failed).
   */
  const partsOf = (effect: Effect<PageParams>, ctx: EffectContext) =>
    async (subKey: string, run: () => Promise<PortResult<unknown>>): Promise<PortResult<unknown>> => {
      if (delivered.has(subKey) || effect.done?.includes(subKey)) return { ok: true, value: undefined };
      const r = await run();
      if (r.ok) {
        delivered.add(subKey);
        if (delivered.size > DELIVERED_MEMORY) delivered.delete(delivered.values().next().value!);
        // Best effort: if the store is down the attempt ends anyway, and the vendor calls are idempotent.
        await ctx.progress?.(subKey).catch(() => undefined);
      }
      return r;
    };

  return {
    'page.targets': {
      // Ordered with PagerDuty sync (an acknowledge never overtakes its trigger), not behind the
      // incident's Slack channel work: a page must not wait for Slack, let alone for Slack to recover.
      orderingKey: (p) => pageOrder(p.incidentId),
      handler: async (effect, ctx): Promise<EffectResult> => {
        const loaded = await loadIncident(deps.store, deps.runner, effect.params.incidentId);
        if (!loaded) return { ok: true, value: { skipped: 'incident not found' } };
        const { view, context } = loaded;
        // Stale work is not replayed (a page queued during an outage): escalation pages are only
        // emitted while the incident is triggered, so any other status means someone acknowledged it
        // (here, in PagerDuty or the console) since; a page by hand waits only for resolution.
        // A page that already got partly through is completed instead, so PagerDuty gets its trigger
        // (then the acknowledge that follows it) and its record matches ours.
        const stale = effect.params.level !== null ? view.status !== 'triggered' : view.status === 'resolved' || view.status === 'closed';
        if (stale && (effect.done ?? []).length === 0) return { ok: true, value: { skipped: `incident ${view.status} before the page went out` } };
        const part = partsOf(effect, ctx);
        const { targets, unknown } = parseTargets(effect.params.targets);
        // Said on the first attempt only (a throttled attempt is not counted, hence the sub-key too).
        if (unknown.length > 0 && effect.attempt === 1) {
          await part(`${effect.idempotencyKey}:unreachable`, async () => {
            await appendTimeline(deps.store, view.id, {
              kind: 'escalation.unreachable', actor: 'firebreak',
              message: `Cannot page ${unknown.join(', ')}: a target is ${TARGET_SYNTAX}`,
            });
            return { ok: true, value: undefined };
          });
        }
        const outcomes = await pageEveryChannel(deps, part, effect, view, context, targets);
        const waitMs = await fallBack(deps, part, effect, view, context, outcomes);
        const result = await settle(outcomes, effect, context, ctx, deps.redact ?? ((t) => t));
        // The primary's vendor is down but its fallback is not due yet: come back when it is, rather
        // than waiting parked for the vendor.
        if (!result.ok && result.error.kind === 'vendor-down' && waitMs !== null) return { ok: false, error: { kind: 'retry', message: result.error.message, retryAfterMs: waitMs } };
        return result;
      },
      // However the last attempt ended (a throw, the bound on 429 waits), a dead page is shown as
      // failed for good, unless settle() already said so.
      onDead: async (effect, error, ctx) => {
        const loaded = await loadIncident(deps.store, deps.runner, effect.params.incidentId);
        if (!loaded || (loaded.context.pageFailures ?? []).some((f) => f.key === effect.idempotencyKey && f.final)) return;
        const { targets, unknown } = parseTargets(effect.params.targets);
        await ctx.send({
          type: 'page.failed', key: effect.idempotencyKey, level: effect.params.level,
          targets: [...targets.map(targetName), ...unknown], error: clip((deps.redact ?? ((t) => t))(error)), final: true,
        });
      },
    },
  };
}

/**
 * The level's fallback, when a primary target's vendor has been unreachable (its breaker open) for
 * the level's `fallback.after`: pages the fallback targets as well, once (each part on its own key),
 * and says so on the timeline. Their outcomes join the page's. Returns how long until the fallback
 * is due when it is not yet (null: nothing to wait for).
 */
async function fallBack(
  deps: PagingDeps,
  part: (subKey: string, run: () => Promise<PortResult<unknown>>) => Promise<PortResult<unknown>>,
  effect: Effect<PageParams>,
  view: IncidentView,
  context: IncidentContext,
  outcomes: Outcomes,
): Promise<number | null> {
  const level = effect.params.level === null ? undefined : context.escalation.policy?.levels[effect.params.level];
  const fallback = level?.fallback;
  if (!fallback || !deps.vendorDown) return null;
  const down = [...new Set([...outcomes.values()].flat().flatMap((r) => (!r.ok && r.error.kind === 'vendor-down' ? [r.error.vendor] : [])))];
  if (down.length === 0) return null;
  const forMs = Math.max(...down.map((v) => deps.vendorDown!(v).forMs));
  if (forMs < fallback.afterMs) return fallback.afterMs - forMs;
  const key = `${effect.idempotencyKey}:fallback`;
  await part(`${key}:noted`, async () => {
    await appendTimeline(deps.store, view.id, {
      kind: 'escalation.fallback', actor: 'firebreak',
      message: `${down.join(', ')} unreachable for ${Math.round(forMs / 60_000)} min: paging level ${(effect.params.level ?? 0) + 1}'s fallback ${fallback.targets.join(', ')}`,
      data: { level: effect.params.level, vendors: down, targets: fallback.targets },
    });
    return { ok: true, value: undefined };
  });
  const extra = await pageEveryChannel(deps, part, { ...effect, idempotencyKey: key }, view, context, parseTargets(fallback.targets).targets);
  for (const [name, results] of extra) outcomes.set(name, [...(outcomes.get(name) ?? []), ...results]);
  return null;
}

/** A mention waiting for the incident channel: while Slack is down that is Slack's outage too. */
const CHANNEL_NOT_OPEN: EffectError = { kind: 'retry', message: 'the incident channel is not open yet' };

/** What happened to one target: each of its channels' results (a mention, a DM, a trigger…). */
type Outcomes = Map<string, Array<PortResult<unknown>>>;

async function pageEveryChannel(
  deps: PagingDeps,
  part: (subKey: string, run: () => Promise<PortResult<unknown>>) => Promise<PortResult<unknown>>,
  effect: Effect<PageParams>,
  view: IncidentView,
  context: IncidentContext,
  targets: PageTarget[],
): Promise<Outcomes> {
  const { level, round, reason } = effect.params;
  const key = effect.idempotencyKey;
  const retry = effect.attempt > 1;
  const where = level === null ? reason : `level ${level + 1}${round > 0 ? `, repeat ${round}` : ''}`;
  const outcomes: Outcomes = new Map();
  const record = (target: PageTarget, r: PortResult<unknown>) => {
    const name = targetName(target);
    outcomes.set(name, [...(outcomes.get(name) ?? []), r]);
  };

  // Slack users by id, and by email once looked up: user id → the targets that name them.
  const users = new Map<string, PageTarget[]>();
  for (const target of targets) {
    if (target.kind === 'slack-user') users.set(target.id, [...(users.get(target.id) ?? []), target]);
    if (target.kind !== 'slack-email') continue;
    const found = await deps.chat.lookupUserByEmail(target.email);
    if (!found.ok) record(target, found);
    else if (found.value === null) record(target, giveUp(`no Slack user has the email ${target.email}`));
    else users.set(found.value, [...(users.get(found.value) ?? []), target]);
  }
  const groups = uniqueBy(targets.filter((t) => t.kind === 'slack-group'), (t) => t.id);

  const mentions = [...[...users.keys()].map((u) => `<@${u}>`), ...groups.map((g) => `<!subteam^${g.id}>`)];
  if (mentions.length > 0 && view.channel) {
    const channel = view.channel.id;
    const r = await part(`${key}:slack`, () =>
      deps.chat.post(channel, { kind: 'page', view, where, users: [...users.keys()], groups: groups.map((g) => g.id) }, { idempotencyKey: `${key}:slack`, retry }),
    );
    for (const t of [...[...users.values()].flat(), ...groups]) record(t, r);
  } else if (mentions.length > 0) {
    // The channel is not open yet (pages do not wait for it): DMs, PagerDuty and webhooks go now,
    // and a retry adds the mention once it is. A group with no members reachable waits for it.
    const notYet: PortResult<never> = { ok: false, error: CHANNEL_NOT_OPEN };
    for (const t of [...[...users.values()].flat(), ...groups]) record(t, notYet);
  }

  // A group mention notifies only members already in the channel, and a new incident channel has
  // few: each member also gets the DM (once, however many of their groups and names are paged).
  const dmTo = new Map(users);
  for (const group of groups) {
    const members = await deps.chat.userGroupMembers(group.id);
    if (!members.ok) record(group, members);
    else for (const user of members.value.slice(0, MAX_GROUP_DMS)) dmTo.set(user, [...(dmTo.get(user) ?? []), group]);
  }
  for (const [user, named] of dmTo) {
    const subKey = `${key}:dm:${user}`;
    const r = await part(subKey, () => deps.chat.directMessage(user, { kind: 'page-dm', view, where }, { idempotencyKey: subKey, retry }));
    for (const t of named) record(t, r);
  }

  const dedupKey = pagerDedupKey(context);
  for (const target of uniqueBy(targets.filter((t) => t.kind === 'pagerduty'), (t) => t.service ?? '')) {
    const pager = deps.pager;
    if (!pager) {
      record(target, giveUp('a level pages PagerDuty but PAGERDUTY_ROUTING_KEY is not set'));
      continue;
    }
    const routingKey = target.service === null ? { ok: true as const, key: undefined } : serviceKey(deps, target.service);
    if (!routingKey.ok) {
      record(target, giveUp(`PagerDuty service ${target.service}: not configured (pagerduty.services.${target.service}.routing_key_env)`));
      continue;
    }
    // A re-trigger under the same dedup_key is harmless; the sub-key (the service's name, never its
    // key: it is stored with the effect) only spares the call in this process and on retries.
    const r = await part(`${key}:pagerduty:${target.service === null ? '' : targetName(target)}`, () => pager.trigger(pageRequest(view, where, dedupKey), routingKey.key));
    record(target, r);
  }

  for (const target of uniqueBy(targets.filter((t) => t.kind === 'webhook'), (t) => t.name)) {
    const webhooks = deps.webhooks;
    if (!webhooks) {
      record(target, giveUp(`webhook ${target.name}: not configured (escalation.webhooks.${target.name})`));
      continue;
    }
    record(target, await part(`${key}:webhook:${target.name}`, () => webhooks.page(target.name, webhookPage(view, effect.params), key)));
  }
  return outcomes;
}

/**
 * The page's result for the outbox, and its report to the incident. A target is reached when any of
 * its channels got through. Reports, each sent once (the incident's pageFailures remember them):
 * - a target that failed for good (a PagerDuty 400, an unknown email): page.failed final at once;
 * - nobody reached and a retry coming: page.failed, not final (a 429 is waiting, not failing);
 * - the last attempt failed: page.failed final for everyone still unreached;
 * - everyone reached after a failure was reported: page.delivered.
 */
async function settle(outcomes: Outcomes, effect: Effect<PageParams>, context: IncidentContext, ctx: EffectContext, redact: (t: string) => string): Promise<EffectResult> {
  const errorsOf = (results: Array<PortResult<unknown>>) => results.flatMap((r) => (r.ok ? [] : [r.error]));
  const reached: string[] = [];
  const permanent: string[] = [];
  const transient: string[] = [];
  const throttled: string[] = [];
  for (const [name, results] of outcomes) {
    const errors = errorsOf(results);
    if (errors.length < results.length) reached.push(name);
    else if (errors.some((e) => e.kind === 'retry' || e.kind === 'vendor-down')) transient.push(name);
    else if (errors.some((e) => e.kind === 'rate-limited')) throttled.push(name);
    else permanent.push(name);
  }
  // Transient failures of reached targets count too: the retry gets the missing mention or DM through.
  const pending = [...outcomes.values()].flatMap(errorsOf).filter((e) => e.kind !== 'give-up');
  const anyDelivered = [...outcomes.values()].some((results) => results.some((r) => r.ok));
  const again = retryOf(pending, anyDelivered);
  const dies = again?.kind === 'retry' && effect.attempt >= effect.maxAttempts;
  const unreached = [...permanent, ...transient, ...throttled];
  const reasonOf = (names: string[]) =>
    clip(redact([...new Set(names.flatMap((n) => errorsOf(outcomes.get(n) ?? []).map((e) => e.message)))].join('; ')));

  const key = effect.idempotencyKey;
  const known = (context.pageFailures ?? []).find((f) => f.key === key);
  const report = async (names: string[], final: boolean) => {
    const same = known !== undefined && known.final === final && sameSet(known.targets, names);
    // A non-final failure is said once per page; a final one once per set of targets.
    if (same || (!final && known !== undefined)) return;
    await ctx.send({ type: 'page.failed', key, level: effect.params.level, targets: names, error: reasonOf(names), final });
  };

  if (dies && unreached.length > 0) await report(unreached, true);
  else if (permanent.length > 0) await report(permanent, true);
  else if (reached.length === 0 && transient.length > 0) await report(transient, false);
  else if (unreached.length === 0 && known !== undefined) await ctx.send({ type: 'page.delivered', key });

  // Out of attempts with everyone reached on some channel (a mention never made it): nothing is lost.
  if (again && dies && unreached.length === 0) return { ok: true, value: { reached, incomplete: clip(redact(again.message)) } };
  if (again) return { ok: false, error: { ...again, message: redact(again.message) } };
  if (unreached.length > 0 && reached.length === 0) return { ok: false, error: { kind: 'give-up', message: reasonOf(unreached) } };
  return { ok: true, value: { reached, failed: unreached } };
}

/**
 * Plain retry when anything needs one (it uses up an attempt); rate-limited when only 429s wait and
 * nothing got through yet. A throttled attempt is not counted, so the next one would again be
 * attempt 1 and post without first looking for what it already posted: once any part is delivered,
 * the wait is a counted retry, which makes the next attempt look before it posts.
 */
function retryOf(errors: EffectError[], anyDelivered: boolean): EffectError | null {
  if (errors.length === 0) return null;
  const message = clip(errors.map((e) => e.message).join('; '));
  // Only vendors whose breaker is open stand between us and the rest: nothing was sent to them, so
  // the page waits, parked without spending an attempt, until one comes back.
  const down = errors.find((e) => e.kind === 'vendor-down');
  if (down && errors.every((e) => e.kind === 'vendor-down' || (e === CHANNEL_NOT_OPEN && down.vendor === 'slack'))) return { ...down, message };
  const waits = errors.flatMap((e) => (e.kind === 'give-up' || e.kind === 'vendor-down' || e.retryAfterMs === undefined ? [] : [e.retryAfterMs]));
  const retryAfterMs = waits.length > 0 ? Math.max(...waits) : undefined;
  if (!anyDelivered && errors.every((e) => e.kind === 'rate-limited')) return { kind: 'rate-limited', message, retryAfterMs: retryAfterMs ?? 30_000 };
  return retryAfterMs === undefined ? { kind: 'retry', message } : { kind: 'retry', message, retryAfterMs };
}

function pageRequest(view: IncidentView, where: string, dedupKey: string) {
  const url = channelUrl(view.channel);
  return {
    dedupKey,
    summary: `#${view.number ?? '?'} ${view.title}`,
    source: view.service ?? 'firebreak',
    severity: view.severity,
    component: view.service ?? undefined,
    customDetails: {
      summary: incidentHeadline(view), status: view.status, level: where,
      ...(view.channel && { slack_channel: `#${view.channel.name}` }), ...(url && { slack_channel_url: url }),
    },
    ...(url && view.channel && { links: [{ href: url, text: `Slack #${view.channel.name}` }] }),
  };
}

function webhookPage(view: IncidentView, p: PageParams): WebhookPage {
  const url = channelUrl(view.channel);
  return {
    incident: { id: view.id, number: view.number, title: view.title, severity: view.severity, status: view.status, service: view.service },
    level: p.level === null ? null : p.level + 1,
    round: p.round,
    reason: p.reason,
    channel: view.channel && url ? { id: view.channel.id, name: view.channel.name, url } : null,
    summary: incidentHeadline(view),
  };
}

/** A link that opens the channel in any workspace (Slack resolves it for the signed-in user). */
function channelUrl(channel: IncidentView['channel']): string | null {
  return channel && isSlackChannelId(channel.id) ? `https://slack.com/app_redirect?channel=${channel.id}` : null;
}

/** Pages of one incident, and the PagerDuty acknowledge/resolve that follow them, in commit order. */
const pageOrder = (incidentId: string) => `page:${incidentId}`;

function giveUp(message: string): PortResult<never> {
  return { ok: false, error: { kind: 'give-up', message } };
}

function uniqueBy<T>(items: T[], keyOf: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => !seen.has(keyOf(t)) && seen.add(keyOf(t)));
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function clip(text: string, max = MAX_REASON): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * A named service's routing key. A snapshot taken before services were named may still hold an
 * inline key (`pagerduty:<routing key>`): that incident keeps paging through it until it ends.
 */
function serviceKey(deps: PagingDeps, service: string): { ok: true; key: string } | { ok: false } {
  const key = deps.routingKeys?.(service) ?? (looksLikeRoutingKey(service) ? service : undefined);
  return key === undefined ? { ok: false } : { ok: true, key };
}

/** Firebreak's acknowledge / resolve → PagerDuty, for incidents whose policy (or a page by hand) paged PagerDuty. */
export function pagerSyncEffects(deps: PagingDeps): { 'pagerduty.sync': EffectSpec<IncidentEffects['pagerduty.sync']> } {
  return {
    'pagerduty.sync': {
      orderingKey: (p) => pageOrder(p.incidentId),
      handler: async (effect): Promise<EffectResult> => {
        const { incidentId, action, via } = effect.params;
        if (via === 'PagerDuty') return { ok: true, value: { skipped: 'came from PagerDuty' } };
        if (!deps.pager) return { ok: true, value: { skipped: 'PagerDuty not configured' } };
        const loaded = await loadIncident(deps.store, deps.runner, incidentId);
        if (!loaded) return { ok: true, value: { skipped: 'incident not found' } };
        const texts = [...(loaded.context.escalation.policy?.levels.flatMap((l) => l.targets) ?? []), ...(loaded.context.pagedByHand ?? [])];
        const routingKeys = new Set(parseTargets(texts).targets.flatMap((t) => {
          if (t.kind !== 'pagerduty') return [];
          if (t.service === null) return [undefined];
          const found = serviceKey(deps, t.service);
          return found.ok ? [found.key] : [];
        }));
        if (routingKeys.size === 0) return { ok: true, value: { skipped: 'PagerDuty was never paged' } };
        // The key the trigger used: after a reopen that is the fresh one (see pagerDedupKey).
        const dedupKey = pagerDedupKey(loaded.context);
        // Every routing key the policy pages: acknowledge/resolve must go through the integration that triggered.
        for (const routingKey of routingKeys) {
          const r = action === 'acknowledge' ? await deps.pager.acknowledge(dedupKey, routingKey) : await deps.pager.resolve(dedupKey, routingKey);
          if (!r.ok) return r;
        }
        return { ok: true, value: { synced: action, dedupKey } };
      },
    },
  };
}
