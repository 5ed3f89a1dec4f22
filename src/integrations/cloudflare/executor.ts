// Remediation: the `cloudflare` executor — block_ip / unblock_ip as Cloudflare IP Access Rules on a
// zone or an account (the edge, where an attacker's requests stop before they reach us). One
// executor call is a few API calls through vendorCall; the outbox owns retries. Idempotent: a
// second block of the same value finds Cloudflare's "duplicate" answer and reports the existing
// rule; an unblock of a value with no rule is already done.
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import type { Secret } from '../../config/secret.js';
import type { ExecutionOutcome, ExecutionRequest, Executor, PortResult } from '../../effects/ports.js';
import { scrub, vendorCall, type VendorRequest } from '../http.js';

export const CLOUDFLARE_EXECUTOR = 'cloudflare';
/** Cloudflare's error code for a second rule with the same configuration in one scope. */
export const DUPLICATE_RULE_CODE = 10009;
const NOTES_MAX = 500;
const CF_ID = /^[0-9a-f]{32}$/;
/** An IP Access rule id as Cloudflare issues them (a stored reference is used only when it is one). */
const RULE_ID = /^[0-9a-f]{32}$/;

/** The catalog entry's `settings` for this executor, as written in firebreak.yaml. */
export const cloudflareSettingsSchema = z
  .strictObject({
    zone_id: z.string().regex(CF_ID, { error: 'expected a Cloudflare zone id (32 hex characters)' }).optional().describe('The zone the rule applies to.'),
    account_id: z.string().regex(CF_ID, { error: 'expected a Cloudflare account id (32 hex characters)' }).optional().describe('Or the account: the rule applies to every zone in it.'),
    mode: z.enum(['block', 'managed_challenge', 'challenge', 'js_challenge']).default('block').describe('What the rule does to matching requests.'),
    dashboard_url: z.url({ protocol: /^https$/ }).optional().describe('A link shown with the result (e.g. the zone\'s IP Access rules page in the Cloudflare dashboard).'),
  })
  .refine((s) => (s.zone_id === undefined) !== (s.account_id === undefined), { error: 'expected exactly one of zone_id or account_id' })
  .describe('Cloudflare IP Access Rules: a zone or an account, and the rule mode.');

export type CloudflareSettings = z.output<typeof cloudflareSettingsSchema>;

export interface CloudflareExecutorOptions {
  apiToken?: Secret;
  /** CLOUDFLARE_API_URL, e.g. https://api.cloudflare.com/client/v4 */
  apiUrl: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Cloudflare's envelope around every answer. */
interface Envelope<T> {
  success?: boolean;
  errors?: Array<{ code?: number; message?: string }>;
  result?: T;
}

interface AccessRule {
  id: string;
  mode?: string;
  configuration?: { target?: string; value?: string };
}

type Target = 'ip' | 'ip6' | 'ip_range';

/** Cloudflare takes single addresses (`ip`, `ip6`) and only these range sizes (`ip_range`). */
const RANGE_PREFIXES = { ipv4: [16, 24], ipv6: [32, 48, 64] } as const;

/** The IP Access Rules target for a validated address or CIDR, or why Cloudflare cannot take it. */
export function accessRuleTarget(value: string): { ok: true; target: Target } | { ok: false; reason: string } {
  if (value.includes('/')) {
    if (!ipaddr.isValidCIDR(value)) return { ok: false, reason: `${value} is not an IP address or CIDR range` };
    const [address, bits] = ipaddr.parseCIDR(value);
    const allowed: readonly number[] = RANGE_PREFIXES[address.kind()];
    if (!allowed.includes(bits)) {
      return { ok: false, reason: `Cloudflare IP Access rules take ${address.kind() === 'ipv4' ? 'IPv4 /16 or /24' : 'IPv6 /32, /48 or /64'} ranges, not /${bits}` };
    }
    return { ok: true, target: 'ip_range' };
  }
  if (ipaddr.IPv4.isValidFourPartDecimal(value)) return { ok: true, target: 'ip' };
  if (ipaddr.IPv6.isValid(value)) return { ok: true, target: 'ip6' };
  return { ok: false, reason: `${JSON.stringify(value)} is not an IP address or CIDR range` };
}

function errorsOf(body: Envelope<unknown> | null): string {
  const list = body?.errors ?? [];
  return list.length === 0 ? 'no reason given' : list.map((e) => `${e.code ?? '?'} ${e.message ?? ''}`.trim()).join('; ');
}

const giveUp = (message: string): PortResult<never> => ({ ok: false, error: { kind: 'give-up', message } });

export function createCloudflareExecutor(opts: CloudflareExecutorOptions): Executor {
  const secrets = opts.apiToken ? [opts.apiToken.reveal()] : [];
  /** Vendor text in a message we build: trimmed, the token cut out. */
  const failed = (message: string) => giveUp(scrub(message, secrets));

  function call<T>(req: Omit<VendorRequest, 'vendor' | 'baseUrl' | 'headers' | 'secrets' | 'fetch' | 'timeoutMs'>, signal: AbortSignal) {
    return vendorCall<Envelope<T>>({
      vendor: CLOUDFLARE_EXECUTOR,
      baseUrl: opts.apiUrl,
      headers: { authorization: `Bearer ${opts.apiToken?.reveal() ?? ''}` },
      secrets,
      signal,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
      ...req,
    });
  }

  /** The rules in this scope whose configuration is exactly `value`. */
  async function findRules(base: string, target: Target, value: string, signal: AbortSignal): Promise<PortResult<AccessRule[]>> {
    const res = await call<AccessRule[]>(
      { path: base, query: { 'configuration.target': target, 'configuration.value': value, match: 'all', per_page: 50 } },
      signal,
    );
    if (!res.ok) return res;
    if (res.value.body?.success === false) return failed(`cloudflare: listing rules failed: ${errorsOf(res.value.body)}`);
    return { ok: true, value: (res.value.body?.result ?? []).filter((r) => r.configuration?.value === value) };
  }

  async function block(req: ExecutionRequest, s: CloudflareSettings, base: string, where: string, signal: AbortSignal): Promise<PortResult<ExecutionOutcome>> {
    const value = req.params.ip ?? '';
    const target = accessRuleTarget(value);
    if (!target.ok) return giveUp(`cloudflare: ${target.reason}`);
    const notes = `Firebreak ${req.requestId}: ${req.note}`.replace(/\s+/g, ' ').trim().slice(0, NOTES_MAX);
    const res = await call<AccessRule>(
      { path: base, method: 'POST', body: { mode: s.mode, configuration: { target: target.target, value }, notes }, answerStatuses: [400, 409] },
      signal,
    );
    if (!res.ok) return res;
    const body = res.value.body;
    const link = s.dashboard_url ? { link: s.dashboard_url } : {};
    if (res.value.status < 300 && body?.success !== false && body?.result?.id) {
      return { ok: true, value: { detail: `${value}: ${s.mode} rule created at the Cloudflare edge (${where}, rule ${body.result.id})`, reference: body.result.id, ...link } };
    }
    const duplicate = (body?.errors ?? []).some((e) => e.code === DUPLICATE_RULE_CODE || /duplicate/i.test(e.message ?? ''));
    if (!duplicate) return failed(`cloudflare: creating the rule for ${value} failed (HTTP ${res.value.status}): ${errorsOf(body)}`);
    // Already there (a retry of ours, or someone else's rule): done only if it does what we asked.
    const found = await findRules(base, target.target, value, signal);
    if (!found.ok) return found;
    const rule = found.value[0];
    if (!rule) return { ok: false, error: { kind: 'retry', message: `cloudflare: ${value} is reported as a duplicate but no rule for it is listed yet` } };
    if (rule.mode !== s.mode) return giveUp(`cloudflare: ${value} already has a ${rule.mode ?? 'different'} rule (${rule.id}); change or remove it in Cloudflare first`);
    return { ok: true, value: { detail: `${value}: already had a ${s.mode} rule at the Cloudflare edge (${where}, rule ${rule.id})`, reference: rule.id, ...link } };
  }

  async function unblock(req: ExecutionRequest, s: CloudflareSettings, base: string, where: string, signal: AbortSignal): Promise<PortResult<ExecutionOutcome>> {
    const value = req.params.ip ?? '';
    const target = accessRuleTarget(value);
    if (!target.ok) return giveUp(`cloudflare: ${target.reason}`);
    // The block's own rule id (the TTL lift passes it back as `reference`): delete exactly that rule.
    const reference = req.params.reference?.trim() ?? '';
    let ours: AccessRule[];
    if (RULE_ID.test(reference)) ours = [{ id: reference }];
    else {
      const found = await findRules(base, target.target, value, signal);
      if (!found.ok) return found;
      ours = found.value.filter((r) => r.mode === s.mode);
    }
    if (ours.length === 0) return { ok: true, value: { detail: `${value}: no ${s.mode} rule at the Cloudflare edge (${where}); nothing to lift` } };
    for (const rule of ours) {
      const res = await call<{ id: string }>({ path: `${base}/${encodeURIComponent(rule.id)}`, method: 'DELETE', answerStatuses: [404] }, signal);
      if (res.ok && res.value.status === 404 && ours.length === 1 && rule.id === reference) {
        return { ok: true, value: { detail: `${value}: rule ${rule.id} is no longer at the Cloudflare edge (${where}); nothing to lift`, reference: rule.id } };
      }
      if (!res.ok) return res;
      // 404: gone already (a retry after a lost answer) — the goal is reached either way.
      if (res.value.status !== 404 && res.value.body?.success === false) return failed(`cloudflare: deleting rule ${rule.id} failed: ${errorsOf(res.value.body)}`);
    }
    const ids = ours.map((r) => r.id).join(', ');
    return {
      ok: true,
      value: { detail: `${value}: ${s.mode} rule removed from the Cloudflare edge (${where}, rule ${ids})`, reference: ids, ...(s.dashboard_url ? { link: s.dashboard_url } : {}) },
    };
  }

  return {
    name: CLOUDFLARE_EXECUTOR,
    idempotent: true,
    kinds: ['block_ip', 'unblock_ip'],
    configured: () => opts.apiToken !== undefined,
    async execute(req, signal) {
      if (!opts.apiToken) return giveUp('cloudflare: CLOUDFLARE_API_TOKEN is not set');
      const parsed = cloudflareSettingsSchema.safeParse(req.settings);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return giveUp(`cloudflare settings${issue?.path.length ? `.${issue.path.join('.')}` : ''}: ${issue?.message ?? 'invalid'}`);
      }
      const s = parsed.data;
      const [scope, id] = s.zone_id !== undefined ? ['zones', s.zone_id] : ['accounts', s.account_id!];
      const base = `/${scope}/${id}/firewall/access_rules/rules`;
      const where = `${scope === 'zones' ? 'zone' : 'account'} ${id.slice(0, 8)}…`;
      if (req.kind === 'block_ip') return block(req, s, base, where, signal);
      if (req.kind === 'unblock_ip') return unblock(req, s, base, where, signal);
      return giveUp(`cloudflare cannot ${req.kind} (it blocks and unblocks IPs)`);
    },
  };
}
