// Remediation: the `supabase` executor — the PROTECTED application's Supabase project (never
// Firebreak's own store): block_ip / unblock_ip upsert or delete a row of the app's blocklist table,
// disable_account / enable_account ban or unban a user through the Auth admin API. Through
// supabase-js with the service role key. Idempotent: the upsert is keyed by ip, a ban is a state.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { parseDuration } from '../../config/duration.js';
import type { Secret } from '../../config/secret.js';
import type { EffectError } from '../../effects/effect.js';
import type { ExecutionOutcome, ExecutionRequest, Executor, PortResult } from '../../effects/ports.js';
import { DEFAULT_VENDOR_TIMEOUT_MS, errorForStatus, retryAfterMs, scrub } from '../http.js';

export const SUPABASE_EXECUTOR = 'supabase';
/** A ban "for good": what the Supabase docs use (100 years). */
export const PERMANENT_BAN = '876000h';
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REASON_MAX = 500;

export const supabaseSettingsSchema = z
  .strictObject({
    table: z
      .string()
      .regex(IDENTIFIER, { error: 'expected a table name (letters, digits, underscores)' })
      .optional()
      .describe('The blocklist table for block_ip/unblock_ip: columns ip (unique), reason, request_id, expires_at.'),
    schema: z.string().regex(IDENTIFIER, { error: 'expected a schema name' }).default('public').describe('The schema the table is in (exposed through the Data API).'),
    ban_duration: z
      .string()
      .regex(/^\d+(ns|us|µs|ms|s|m|h)$/, { error: 'expected a Go duration like 876000h or 24h' })
      .default(PERMANENT_BAN)
      .describe('How long disable_account bans a user (Auth admin ban_duration); enable_account lifts it.'),
  })
  .describe('The protected application\'s Supabase project: its blocklist table and user bans.');

export type SupabaseSettings = z.output<typeof supabaseSettingsSchema>;

export interface SupabaseExecutorOptions {
  /** REMEDIATION_SUPABASE_URL */
  url?: string;
  /** REMEDIATION_SUPABASE_SERVICE_ROLE_KEY */
  serviceRoleKey?: Secret;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  /** Users fetched per page while looking an email up (Auth admin caps it at 1000). */
  usersPerPage?: number;
  /** Pages looked through before giving up on an email (then the user id must be given). */
  maxUserPages?: number;
}

/** What one execute() saw on the wire: supabase-js hides status headers, the wrapper keeps them. */
interface Wire {
  retryAfter: string | null;
  timedOut: boolean;
}

const giveUp = (message: string): PortResult<never> => ({ ok: false, error: { kind: 'give-up', message } });

// Any schema: the blocklist may live outside public.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- supabase-js types a client by its database schema, which Firebreak does not know
type Client = SupabaseClient<any, string, string>;

export function createSupabaseExecutor(opts: SupabaseExecutorOptions): Executor {
  const key = opts.serviceRoleKey?.reveal();
  const secrets = key ? [key] : [];
  const timeoutMs = opts.timeoutMs ?? DEFAULT_VENDOR_TIMEOUT_MS;
  const now = opts.now ?? Date.now;
  const perPage = opts.usersPerPage ?? 1000;
  const maxPages = opts.maxUserPages ?? 20;

  /**
   * One client per execution: its fetch carries this call's abort signal (the dispatcher's and the
   * timeout) and remembers the Retry-After a 429 came with, which supabase-js does not pass on.
   */
  function clientFor(signal: AbortSignal, schema: string, wire: Wire): Client {
    const timeout = AbortSignal.timeout(timeoutMs);
    const both = AbortSignal.any([signal, timeout]);
    const send = opts.fetch ?? ((input: string | URL | Request, init?: RequestInit) => globalThis.fetch(input, init));
    const observed: typeof fetch = async (input, init) => {
      try {
        const res = await send(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, both]) : both });
        if (!res.ok) wire.retryAfter = res.headers.get('retry-after');
        return res;
      } catch (err) {
        if (timeout.aborted) wire.timedOut = true;
        throw err;
      }
    };
    return createClient(opts.url!, key!, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      db: { schema },
      global: { fetch: observed },
    });
  }

  function failure(what: string, status: number | undefined, message: string, wire: Wire): PortResult<never> {
    const text = scrub(`supabase ${what}: ${wire.timedOut ? `no answer within ${timeoutMs} ms` : `${status ? `HTTP ${status} ` : ''}${message}`}`, secrets);
    // Status 0: the request never got an answer (refused, reset, aborted) — try again.
    const error: EffectError = !status || wire.timedOut ? { kind: 'retry', message: text } : errorForStatus(status, text, retryAfterMs(wire.retryAfter, now));
    return { ok: false, error };
  }

  function expiresAt(params: Record<string, string>): string | null {
    if (params.expires_at && !Number.isNaN(Date.parse(params.expires_at))) return new Date(params.expires_at).toISOString();
    const ms = params.for ? parseDuration(params.for) : undefined;
    return ms === undefined ? null : new Date(now() + ms).toISOString();
  }

  async function blocklist(req: ExecutionRequest, s: SupabaseSettings, signal: AbortSignal): Promise<PortResult<ExecutionOutcome>> {
    if (s.table === undefined) return giveUp(`supabase: settings.table is required for ${req.kind}`);
    const ip = req.params.ip ?? '';
    if (ip === '') return giveUp(`supabase: ${req.kind} needs an ip`);
    const wire: Wire = { retryAfter: null, timedOut: false };
    const db = clientFor(signal, s.schema, wire);
    const where = `${s.schema}.${s.table}`;
    if (req.kind === 'block_ip') {
      const until = expiresAt(req.params);
      const reason = (req.params.reason ?? req.note).replace(/\s+/g, ' ').trim().slice(0, REASON_MAX);
      const { error, status } = await db.from(s.table).upsert({ ip, reason, request_id: req.requestId, expires_at: until }, { onConflict: 'ip' });
      if (error) return failure(`upsert into ${where}`, status, error.message, wire);
      return { ok: true, value: { detail: `${ip}: on the blocklist ${where}${until ? ` until ${until}` : ''}`, reference: ip } };
    }
    const { error, status, count } = await db.from(s.table).delete({ count: 'exact' }).eq('ip', ip);
    if (error) return failure(`delete from ${where}`, status, error.message, wire);
    const removed = count ?? 0;
    return { ok: true, value: { detail: removed === 0 ? `${ip}: not on the blocklist ${where}; nothing to lift` : `${ip}: removed from the blocklist ${where}`, reference: ip } };
  }

  /** The user's id: given as a UUID, or looked up by email page by page (bounded). */
  async function userId(db: Client, account: string, wire: Wire): Promise<PortResult<string>> {
    if (UUID.test(account)) return { ok: true, value: account.toLowerCase() };
    if (!account.includes('@')) return giveUp(`supabase: ${JSON.stringify(account)} is neither a Supabase user id (a UUID) nor an email address`);
    const wanted = account.toLowerCase();
    for (let page = 1; page <= maxPages; page++) {
      const { data, error } = await db.auth.admin.listUsers({ page, perPage });
      if (error) return failure('listing users', error.status, error.message, wire);
      const hit = data.users.find((u) => u.email?.toLowerCase() === wanted);
      if (hit) return { ok: true, value: hit.id };
      if (data.users.length < perPage) return giveUp(`supabase: no user with the email ${account}`);
    }
    return giveUp(`supabase: no user with the email ${account} in the first ${maxPages * perPage} users; give the user id instead`);
  }

  async function ban(req: ExecutionRequest, s: SupabaseSettings, signal: AbortSignal): Promise<PortResult<ExecutionOutcome>> {
    const account = (req.params.account ?? '').trim();
    if (account === '') return giveUp(`supabase: ${req.kind} needs an account`);
    const wire: Wire = { retryAfter: null, timedOut: false };
    const db = clientFor(signal, s.schema, wire);
    const id = await userId(db, account, wire);
    if (!id.ok) return id;
    const disabling = req.kind === 'disable_account';
    const { data, error } = await db.auth.admin.updateUserById(id.value, { ban_duration: disabling ? s.ban_duration : 'none' });
    if (error) return failure(`updating user ${id.value}`, error.status, error.message, wire);
    const until = (data.user as { banned_until?: string | null } | null)?.banned_until;
    const who = account === id.value ? `user ${id.value}` : `${account} (user ${id.value})`;
    return {
      ok: true,
      value: { detail: disabling ? `${who}: banned in Supabase Auth${until ? ` until ${until}` : ''}` : `${who}: ban lifted in Supabase Auth`, reference: id.value },
    };
  }

  return {
    name: SUPABASE_EXECUTOR,
    idempotent: true,
    kinds: ['block_ip', 'unblock_ip', 'disable_account', 'enable_account'],
    configured: () => opts.url !== undefined && key !== undefined,
    async execute(req, signal) {
      if (opts.url === undefined || key === undefined) return giveUp('supabase: REMEDIATION_SUPABASE_URL and REMEDIATION_SUPABASE_SERVICE_ROLE_KEY are not both set');
      const parsed = supabaseSettingsSchema.safeParse(req.settings);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return giveUp(`supabase settings${issue?.path.length ? `.${issue.path.join('.')}` : ''}: ${issue?.message ?? 'invalid'}`);
      }
      switch (req.kind) {
        case 'block_ip':
        case 'unblock_ip':
          return blocklist(req, parsed.data, signal);
        case 'disable_account':
        case 'enable_account':
          return ban(req, parsed.data, signal);
        default:
          return giveUp(`supabase cannot ${req.kind} (it blocks IPs in a table and bans users)`);
      }
    },
  };
}
