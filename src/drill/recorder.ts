// Drill: the recording outside world. Chat, Pager and WebhookPager adapters that reach no one and
// note every call at the virtual time it was made; each call made while a `page.targets` effect runs
// is credited to that page (its level and targets), so the drill can say who was paged, when.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Effect, EffectResult, EffectSpec } from '../effects/effect.js';
import type { PageRequest, Pager, PortResult, WebhookPage, WebhookPager } from '../effects/ports.js';
import type { SlackChatApi } from '../integrations/slack/chat-api.js';
import { EffectRegistry } from '../effects/registry.js';
import { parseTarget } from '../domain/targets.js';
import type { SqlTransport } from '../store/transport.js';
import type { VirtualClock } from './clock.js';

type PageParams = { incidentId: string; level: number | null; round: number; targets: string[]; reason: string };

export interface PageRecord {
  atMs: number;
  incident: number | null;
  /** 1 = the first level; null for a page by hand. */
  level: number | null;
  round: number;
  reason: string;
  /** As written in the policy (or the `page` step). */
  targets: string[];
  /** Target → how it was reached ('slack', 'slack DM', 'pagerduty', 'webhook'); absent: not reached. */
  reached: Map<string, Set<string>>;
}

export type DrillEntry =
  | { kind: 'step'; atMs: number; line: number; text: string; answer: string | null }
  | { kind: 'timeline'; atMs: number; incident: number | null; entryKind: string; message: string }
  | { kind: 'page'; atMs: number; page: PageRecord }
  /** What the adapters were asked to do outside a page; `detail`: hidden unless verbose. */
  | { kind: 'adapter'; atMs: number; incident: number | null; system: 'slack' | 'pagerduty' | 'webhook'; text: string; detail: boolean };

const MENTION = /<@([UW][A-Z0-9]+)>|<!subteam\^(S[A-Z0-9]+)>/g;
const ok = <T>(value: T): PortResult<T> => ({ ok: true, value });

export class DrillRecorder {
  readonly entries: DrillEntry[] = [];
  readonly pages: PageRecord[] = [];
  private readonly running = new AsyncLocalStorage<Effect>();
  private readonly pageByEffect = new Map<number, PageRecord>();
  private readonly numbers = new Map<string, number>();
  private readonly channels = new Map<string, string>();
  /** Slack user id → the email it was looked up by, so a DM to it reaches an email target. */
  private readonly emails = new Map<string, string>();
  /** Slack user id → the user groups it was listed in, so a DM to a member reaches the group target. */
  private readonly groups = new Map<string, Set<string>>();
  private lastTimelineId = 0;

  constructor(
    private readonly store: SqlTransport,
    private readonly clock: VirtualClock,
  ) {}

  /** A registry whose handlers run inside their effect's context: adapter calls know their effect. */
  registry(defaultMaxAttempts: number, retryFor?: { defaultMs: number; byType?: Readonly<Record<string, number>> }): EffectRegistry {
    return new AttributedRegistry(defaultMaxAttempts, retryFor, (type, effect, run) =>
      this.running.run(effect, async () => {
        if (type === 'page.targets') await this.pageStarted(effect as Effect<PageParams>);
        return run();
      }),
    );
  }

  /** What the drill itself does (an alert sent, an acknowledgement): set `answer` once it is known. */
  async step(line: number, text: string): Promise<{ answer: string | null }> {
    await this.pullTimeline();
    const entry = { kind: 'step' as const, atMs: this.clock.elapsed(), line, text, answer: null as string | null };
    this.entries.push(entry);
    return entry;
  }

  /** Appends the timeline rows written since the last pull (their `at` is virtual: the store's now()). */
  async pullTimeline(): Promise<void> {
    const rows = await this.store.query<{ id: number | string; at: Date | string; kind: string; message: string; number: number | string | null }>(
      `select t.id, t.at, t.kind, t.message, i.number
         from timeline t left join incidents i on i.id = t.workflow_id
        where t.id > $1
          -- A request's own rows are copied onto its incident's timeline: shown once, there.
          and not exists (select 1 from approval_requests r where r.id = t.workflow_id)
        order by t.id`,
      [this.lastTimelineId],
    );
    for (const row of rows) {
      this.lastTimelineId = Number(row.id);
      const atMs = new Date(row.at).getTime() - (this.clock.now().getTime() - this.clock.elapsed());
      this.entries.push({ kind: 'timeline', atMs, incident: row.number === null ? null : Number(row.number), entryKind: row.kind, message: row.message });
    }
  }

  /** Wraps Slack's calls (local mode's): every method, present or added later, is recorded, then answered by it. */
  chat(inner: SlackChatApi): SlackChatApi {
    return new Proxy(inner, {
      get: (target, prop, receiver) => {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          const result = (await (value as (...a: unknown[]) => Promise<PortResult<unknown>>).apply(target, args)) as PortResult<unknown>;
          await this.chatCalled(String(prop), args, result);
          return result;
        };
      },
    });
  }

  pager(): Pager {
    return {
      trigger: async (req: PageRequest, routingKey?: string) => {
        await this.reach(routingKey ? `pagerduty:${routingKey}` : 'pagerduty', 'pagerduty', () =>
          this.adapter('pagerduty', `trigger ${req.severity}: ${req.summary}`, false));
        return ok({ dedupKey: req.dedupKey });
      },
      acknowledge: async (dedupKey: string) => {
        await this.adapter('pagerduty', `acknowledge ${dedupKey}`, false);
        return ok(undefined);
      },
      resolve: async (dedupKey: string) => {
        await this.adapter('pagerduty', `resolve ${dedupKey}`, false);
        return ok(undefined);
      },
    };
  }

  webhooks(): WebhookPager {
    return {
      page: async (name: string, page: WebhookPage) => {
        await this.reach(`webhook:${name}`, 'webhook', () => this.adapter('webhook', `POST ${name}: ${page.summary}`, false));
        return ok(undefined);
      },
    };
  }

  private async pageStarted(effect: Effect<PageParams>): Promise<void> {
    if (this.pageByEffect.has(effect.id)) return; // a retry: the page it continues is already recorded
    await this.pullTimeline();
    const p = effect.params;
    const page: PageRecord = {
      atMs: this.clock.elapsed(), incident: await this.incidentNumber(p.incidentId), level: p.level === null ? null : p.level + 1,
      round: p.round, reason: p.reason, targets: p.targets.map((t) => t.trim()), reached: new Map(),
    };
    this.pageByEffect.set(effect.id, page);
    this.pages.push(page);
    this.entries.push({ kind: 'page', atMs: page.atMs, page });
  }

  private async chatCalled(method: string, args: unknown[], result: PortResult<unknown>): Promise<void> {
    if (!result.ok) return;
    // The first argument is a channel id, or a message that names one (update).
    const label = (arg: unknown) => {
      const channel = typeof arg === 'object' && arg !== null && 'channel' in arg ? String(arg.channel) : String(arg);
      return `#${this.channels.get(channel) ?? channel}`;
    };
    switch (method) {
      case 'ensureChannel': {
        const { id, name } = result.value as { id: string; name: string };
        const known = this.channels.has(id);
        this.channels.set(id, name);
        if (!known) await this.adapter('slack', `channel #${name} created`, false);
        return;
      }
      case 'post': {
        const message = args[0] as { channel: string; text: string };
        const page = this.currentPage();
        if (page) {
          for (const m of message.text.matchAll(MENTION)) this.credit(page, m[1] ?? m[2]!, 'slack');
        }
        await this.adapter('slack', `${label(message.channel)} ← ${oneLine(message.text)}`, page !== null);
        return;
      }
      case 'directMessage': {
        const user = String(args[0]);
        const page = this.currentPage();
        if (page) this.credit(page, user, 'slack DM');
        await this.adapter('slack', `DM @${user} ← ${oneLine((args[1] as { text: string }).text)}`, page !== null);
        return;
      }
      case 'lookupUserByEmail':
        if (typeof result.value === 'string') this.emails.set(result.value, String(args[0]).toLowerCase());
        return;
      case 'userGroupMembers':
        if (Array.isArray(result.value)) {
          for (const member of result.value) this.groups.set(String(member), (this.groups.get(String(member)) ?? new Set()).add(String(args[0])));
        }
        return;
      case 'archive':
        await this.adapter('slack', `${label(args[0])} archived`, false);
        return;
      default:
        // Topic, invites, summary edits, pins: shown with --verbose.
        await this.adapter('slack', `${method} ${label(args[0])}`, true);
    }
  }

  private currentPage(): PageRecord | null {
    const effect = this.running.getStore();
    return effect?.type === 'page.targets' ? (this.pageByEffect.get(effect.id) ?? null) : null;
  }

  /** Credits `reached` to the running page, if any; outside a page, `otherwise` records the call. */
  private async reach(reached: string, how: string, otherwise: () => Promise<void>): Promise<void> {
    const page = this.currentPage();
    if (page) this.credit(page, reached, how);
    else await otherwise();
  }

  private credit(page: PageRecord, reached: string, how: string): void {
    const aliases = new Set([reached, ...(this.groups.get(reached) ?? [])]);
    const email = this.emails.get(reached);
    if (email !== undefined) aliases.add(email);
    for (const target of page.targets) {
      const parsed = parseTarget(target);
      const name = parsed.ok && parsed.target.kind === 'slack-email' ? parsed.target.email : target;
      if (aliases.has(name)) {
        const ways = page.reached.get(target) ?? new Set<string>();
        ways.add(how);
        page.reached.set(target, ways);
      }
    }
  }

  /** A vendor's breaker opened or closed (the vendor gate's change), as the drill prints it. */
  vendorChanged(system: 'slack' | 'pagerduty' | 'webhook', text: string): void {
    this.entries.push({ kind: 'adapter', atMs: this.clock.elapsed(), incident: null, system, text, detail: false });
  }

  private async adapter(system: 'slack' | 'pagerduty' | 'webhook', text: string, detail: boolean): Promise<void> {
    await this.pullTimeline();
    const effect = this.running.getStore();
    const incidentId = (effect?.params as { incidentId?: unknown } | undefined)?.incidentId;
    const incident = typeof incidentId === 'string' ? await this.incidentNumber(incidentId) : null;
    this.entries.push({ kind: 'adapter', atMs: this.clock.elapsed(), incident, system, text, detail });
  }

  private async incidentNumber(id: string): Promise<number | null> {
    const known = this.numbers.get(id);
    if (known !== undefined) return known;
    const [row] = await this.store.query<{ number: number | string }>('select number from incidents where id = $1', [id]);
    if (!row) return null;
    this.numbers.set(id, Number(row.number));
    return Number(row.number);
  }
}

type Around = (type: string, effect: Effect, run: () => Promise<EffectResult>) => Promise<EffectResult>;

/** The real registry, each handler wrapped by `around` (the handler itself is untouched). */
class AttributedRegistry extends EffectRegistry {
  constructor(
    defaultMaxAttempts: number,
    retryFor: { defaultMs: number; byType?: Readonly<Record<string, number>> } | undefined,
    private readonly around: Around,
  ) {
    super(defaultMaxAttempts, retryFor);
  }

  override define<P extends Record<string, unknown>>(type: string, spec: EffectSpec<P>): this {
    return super.define<P>(type, { ...spec, handler: (effect, ctx) => this.around(type, effect as Effect, () => spec.handler(effect, ctx)) });
  }
}

function oneLine(text: string, max = 160): string {
  const flat = text.replace(/\s*\n\s*/g, ' ⏎ ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
