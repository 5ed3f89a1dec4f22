// Config: the `access` section of firebreak.yaml — roles bound to Slack user groups and user ids, who
// may run each command and button, what guests and Slack Connect users may do, and per-user limits.
import { z } from 'zod';
import { durationAtLeast } from './duration.js';
import { SLACK_GROUP_ID, SLACK_USER_ID } from '../domain/slack-ids.js';

/** Anyone in the workspace who is neither a guest nor external (unless `guests`/`external` say otherwise). */
export const EVERYONE = 'everyone';
/** The incident's current commander (a role that follows the incident, not a list). */
export const INCIDENT_COMMANDER = 'incident-commander';
/** The role that may do everything (still only where it can see: private incidents need membership). */
export const ADMINS = 'admins';
export const BUILT_IN_ROLES = [EVERYONE, INCIDENT_COMMANDER] as const;

/**
 * The incident actions firebreak.yaml may restrict (buttons use their command's name: Acknowledge →
 * `ack`, Resolve → `resolve`, Post update → `status`, Snooze → `snooze`, post-mortem → `postmortem`).
 * `page` names people; `page-policy` pages a whole escalation policy; `invite` assigns a role on a
 * private incident to someone not yet in its channel (which invites them). Other names (the approval
 * catalog's commands, e.g. `approve`, `block-ip`) may be listed too.
 */
export const INCIDENT_ACTIONS = [
  'declare', 'ack', 'note', 'status', 'resolve', 'close', 'sev', 'escalate', 'page', 'page-policy', 'role', 'invite', 'snooze', 'postmortem',
] as const;
export type IncidentAction = (typeof INCIDENT_ACTIONS)[number];

/** Today's behaviour: anyone in the workspace; `invite` into a private incident only by its commander or an admin. */
const DEFAULT_ALLOW: Record<string, string[]> = {
  ...Object.fromEntries(INCIDENT_ACTIONS.map((a) => [a, [EVERYONE]])),
  invite: [INCIDENT_COMMANDER, ADMINS],
};

const ROLE_NAME = /^[a-z][a-z0-9_-]{0,63}$/;
const ACTION_NAME = /^[a-z][a-z0-9_.-]{0,63}$/;
/** The limits that may be set: what one person may do this often. */
export const LIMITED_ACTIONS = ['page', 'declare'] as const;
export type LimitedAction = (typeof LIMITED_ACTIONS)[number];

const role = z.strictObject({
  groups: z.array(z.string().regex(SLACK_GROUP_ID, { message: 'expected a Slack user group id (S…)' })).default([])
    .describe('Slack user group ids (S…): their members hold the role (checked when they act, cached at most 60s).'),
  users: z.array(z.string().regex(SLACK_USER_ID, { message: 'expected a Slack user id (U… or W…)' })).default([])
    .describe('Slack user ids (U…/W…) that hold the role. A guest or external user named here holds it; one reached only through a group does not.'),
});

const limit = z.strictObject({
  max: z.int().min(1).max(100_000).describe('How many times one person may do it in the window.'),
  per: durationAtLeast(1_000).prefault('1h').describe('The window (fixed, counted in the store so every replica shares it).'),
});

const stance = z.enum(['read-only', 'member']);

export const accessSchema = z
  .strictObject({
    roles: z
      .record(z.string().regex(ROLE_NAME, { message: 'a role name is lowercase letters, digits, - and _' }), role)
      .default({})
      .describe('Roles by name (e.g. responders, commanders, admins, security-approvers): Slack user groups and users. The approval catalog names its approvers by these roles.'),
    allow: z
      .record(z.string().regex(ACTION_NAME, { message: 'an action name is lowercase letters, digits, ., - and _' }), z.array(z.string()).min(1))
      .default({})
      .describe(`Per command/button, the roles that may run it (any one suffices). Built in: "${EVERYONE}" and "${INCIDENT_COMMANDER}". Actions: ${INCIDENT_ACTIONS.join(', ')}; unlisted ones keep their default (everyone; invite: incident-commander, admins). Admins may do everything.`),
    guests: stance.default('read-only').describe('Slack guests (single- and multi-channel): read-only (default) cannot change state; member counts them as everyone.'),
    external: stance.default('read-only').describe('Slack Connect users from another organisation: read-only (default) cannot change state; member counts them as everyone.'),
    limits: z
      .partialRecord(z.enum(LIMITED_ACTIONS), limit)
      .default({})
      .describe('Per-user rate limits: page (each /incident page) and declare (each declaration by hand). Unset: unlimited.'),
  })
  .superRefine((cfg, ctx) => {
    for (const [action, roles] of Object.entries(cfg.allow)) {
      roles.forEach((r, i) => {
        if (!(BUILT_IN_ROLES as readonly string[]).includes(r) && !(r in cfg.roles) && r !== ADMINS) {
          ctx.addIssue({ code: 'custom', path: ['allow', action, i], message: `no role named "${r}" (define it under access.roles, or use ${BUILT_IN_ROLES.join(' or ')})` });
        }
      });
    }
    for (const name of BUILT_IN_ROLES) {
      if (name in cfg.roles) ctx.addIssue({ code: 'custom', path: ['roles', name], message: `"${name}" is built in: pick another name` });
    }
  })
  .describe('Who may do what: roles bound to Slack user groups and users, per-command permissions, guests, Slack Connect and per-user limits.');

export interface AccessRole {
  groups: string[];
  users: string[];
}

export interface AccessConfig {
  roles: Record<string, AccessRole>;
  /** Action → roles that may run it; every incident action present (defaults filled in). */
  allow: Record<string, string[]>;
  guests: 'read-only' | 'member';
  external: 'read-only' | 'member';
  limits: Partial<Record<LimitedAction, { max: number; perMs: number }>>;
}

export function toAccessConfig(raw: z.output<typeof accessSchema>): AccessConfig {
  return {
    roles: Object.fromEntries(Object.entries(raw.roles).map(([n, r]) => [n, { groups: r.groups, users: r.users }])),
    allow: { ...DEFAULT_ALLOW, ...raw.allow },
    guests: raw.guests,
    external: raw.external,
    limits: Object.fromEntries(Object.entries(raw.limits).flatMap(([a, l]) => (l ? [[a, { max: l.max, perMs: l.per }]] : []))),
  };
}

/** The roles allowed to run `action` (its default when firebreak.yaml does not list it). */
export function allowedRoles(cfg: AccessConfig, action: string): string[] {
  return Object.hasOwn(cfg.allow, action) ? cfg.allow[action]! : [EVERYONE];
}
