// Config: what remediation may never touch and how wide an IP block may be — the `protected` lists
// (offices, load balancers, monitoring, our own egress; accounts) and `max_prefix`, as written in
// firebreak.yaml → TargetRules, which src/approvals/validate.ts checks every request against.
import { z } from 'zod';
import { parseRange, type AddressRange } from './address-range.js';

export const DEFAULT_MAX_PREFIX = { v4: 24, v6: 48 } as const;

/** A protected range with where it came from, so a refusal can name the list and the entry. */
export interface ProtectedRange {
  range: AddressRange;
  /** As written in firebreak.yaml. */
  text: string;
  /** The list's name when `ips` is a mapping (`offices`, `egress`), else null. */
  list: string | null;
}

export interface TargetRules {
  protectedIps: readonly ProtectedRange[];
  /** Account ids and emails, lower-cased (compared case-insensitively). */
  protectedAccounts: readonly string[];
  /** The widest block allowed: a CIDR with a shorter prefix is refused. */
  maxPrefix: { v4: number; v6: number };
}

const cidr = z
  .string()
  .trim()
  .refine((text) => parseRange(text) !== null, { error: (issue) => `expected an IP address or CIDR range like 203.0.113.0/24 or 2001:db8::/32, got ${JSON.stringify(issue.input)}` });

const ipList = z.array(cidr);

export const targetRulesSchema = z
  .strictObject({
    protected: z
      .preprocess(
        (v) => v ?? undefined,
        z
          .strictObject({
            ips: z
              .preprocess((v) => v ?? undefined, z.union([ipList, z.record(z.string().regex(/^[a-z][a-z0-9_-]*$/), ipList)]).default([]))
              .describe(
                'Addresses and CIDR ranges no block may overlap: a list, or named lists (offices, load_balancers, monitoring, egress, …) so a refusal names the list.',
              ),
            accounts: z
              .preprocess((v) => v ?? undefined, z.array(z.string().trim().min(1)).default([]))
              .describe('Account ids and emails disable_account refuses (compared case-insensitively).'),
          })
          .prefault({}),
      )
      .describe('What remediation may never block or disable.'),
    max_prefix: z
      .preprocess(
        (v) => v ?? undefined,
        z
          .strictObject({
            v4: z.int().min(0).max(32).default(DEFAULT_MAX_PREFIX.v4).describe('The widest IPv4 block allowed, as a prefix length (24 → at most a /24).'),
            v6: z.int().min(0).max(128).default(DEFAULT_MAX_PREFIX.v6).describe('The widest IPv6 block allowed, as a prefix length (48 → at most a /48).'),
          })
          .prefault({}),
      )
      .describe('The widest range an IP block may cover; wider requests are refused.'),
  })
  .describe('Limits on remediation targets: protected addresses and accounts, and the widest IP block.');

export function toTargetRules(raw: z.output<typeof targetRulesSchema>): TargetRules {
  const ips = raw.protected.ips;
  const named: Array<[string | null, string[]]> = Array.isArray(ips) ? [[null, ips]] : Object.entries(ips);
  return {
    protectedIps: named.flatMap(([list, texts]) => texts.map((text) => ({ range: parseRange(text)!, text, list }))),
    protectedAccounts: [...new Set(raw.protected.accounts.map((a) => a.toLowerCase()))],
    maxPrefix: { v4: raw.max_prefix.v4, v6: raw.max_prefix.v6 },
  };
}

/** No protected lists, the default widths: what applies when firebreak.yaml says nothing. */
export const DEFAULT_TARGET_RULES: TargetRules = { protectedIps: [], protectedAccounts: [], maxPrefix: { ...DEFAULT_MAX_PREFIX } };

/**
 * The rules for one catalog entry: the global ones plus the entry's own `protected` strings (an
 * address or CIDR joins the IP list as "this action's protected list", anything else is an account).
 */
export function withProtected(rules: TargetRules, entries: readonly string[], list = 'this action'): TargetRules {
  const ips: ProtectedRange[] = [];
  const accounts: string[] = [];
  for (const text of entries) {
    const range = parseRange(text);
    if (range) ips.push({ range, text: text.trim(), list });
    else accounts.push(text.trim().toLowerCase());
  }
  return { ...rules, protectedIps: [...rules.protectedIps, ...ips], protectedAccounts: [...new Set([...rules.protectedAccounts, ...accounts])] };
}
