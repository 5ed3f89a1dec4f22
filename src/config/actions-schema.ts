// Config: the remediation catalog (`actions:` in firebreak.yaml) — what may be requested, which
// executor carries it out, how risky it is, who approves, how many must, how long a request waits,
// how many may run per hour, and how long an IP block lasts before it lifts itself.
import { z } from 'zod';
import { ACTION_KINDS, isActionKind, type ActionKindName } from '../domain/approval.js';
import { duration, durationAtLeast } from './duration.js';

const slackId = (prefix: string, shown: string, what: string) =>
  z.string().regex(new RegExp(`^${prefix}[A-Z0-9]{2,}$`), { message: `expected a Slack ${what} id (${shown}…)` });

const entry = z.strictObject({
  kind: z.enum(ACTION_KINDS).optional().describe('The built-in kind; defaults to the entry name when that is one (block_ip, …). A named webhook action says `kind: run`.'),
  executor: z.string().min(1).describe('The executor that carries it out: cloudflare, supabase, github, webhook.'),
  risk: z.enum(['low', 'high']).default('high').describe('low runs at once; high waits for approval.'),
  approvers: z
    .strictObject({
      groups: z.array(slackId('S', 'S', 'user group')).default([]).describe('Slack user groups whose members may approve (membership checked at click time, cached at most 60 s).'),
      users: z.array(slackId('[UW]', 'U', 'user')).default([]).describe('Slack users who may approve.'),
      roles: z.array(z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/)).default([]).describe('Roles under access.roles whose groups and users may approve (read when a request is made).'),
    })
    .prefault({})
    .describe('Who may approve (never the requester).'),
  approvals_required: z.int().min(1).max(10).default(1).describe('Distinct approvers needed.'),
  expiry: durationAtLeast(10_000).prefault('15m').describe('How long a request waits for a decision.'),
  limits: z.strictObject({ per_hour: z.int().min(1).max(10_000).default(10).describe('At most this many executions of this action in any hour (across replicas).') }).prefault({}),
  ttl: duration.prefault('24h').describe('block_ip only: lift the block this long after it took effect (executed, recorded and announced). 0s: never.'),
  dm_approvers: z.boolean().default(false).describe('Also send the card to each approver as a direct message.'),
  protected: z.array(z.string().min(1)).default([]).describe('Targets this action refuses: IPs/CIDRs (offices, load balancers, monitoring, our egress) or accounts.'),
  settings: z.record(z.string(), z.unknown()).default({}).describe('The executor\'s own settings (zone, table, repository, workflow, webhook URL, …).'),
});

export const actionsSchema = z
  .record(z.string().regex(/^[a-z][a-z0-9_-]*$/, { message: 'expected a lower-case action name like "block_ip" or "restart-workers"' }), entry)
  .superRefine((catalog, ctx) => {
    for (const [name, e] of Object.entries(catalog)) {
      if (!e.kind && !isActionKind(name)) ctx.addIssue({ code: 'custom', path: [name, 'kind'], message: `"${name}" is not a built-in kind: say which with kind: (${ACTION_KINDS.join(', ')})` });
      if (e.risk === 'high' && e.approvers.groups.length === 0 && e.approvers.users.length === 0 && e.approvers.roles.length === 0) {
        ctx.addIssue({ code: 'custom', path: [name, 'approvers'], message: 'a high-risk action needs approvers (groups, users or roles)' });
      }
    }
  })
  .default({})
  .describe('Remediation actions that may be requested from an incident (`/incident block-ip …`), each gated as configured.');

export interface ActionEntry {
  name: string;
  kind: ActionKindName;
  executor: string;
  risk: 'low' | 'high';
  approvers: { groups: string[]; users: string[]; roles: string[] };
  approvalsRequired: number;
  expiryMs: number;
  perHour: number;
  /** block_ip: lift after this long; null: never (or not an IP block). */
  ttlMs: number | null;
  dmApprovers: boolean;
  protected: string[];
  settings: Record<string, unknown>;
}

export type ActionsConfig = Record<string, ActionEntry>;

export function toActionsConfig(raw: z.output<typeof actionsSchema>): ActionsConfig {
  return Object.fromEntries(
    Object.entries(raw).map(([name, e]) => {
      const kind = e.kind ?? (name as ActionKindName);
      return [name, {
        name, kind, executor: e.executor, risk: e.risk, approvers: { groups: e.approvers.groups, users: e.approvers.users, roles: e.approvers.roles },
        approvalsRequired: e.approvals_required, expiryMs: e.expiry, perHour: e.limits.per_hour,
        ttlMs: kind === 'block_ip' && e.ttl > 0 ? e.ttl : null, dmApprovers: e.dm_approvers, protected: e.protected, settings: e.settings,
      } satisfies ActionEntry];
    }),
  );
}
