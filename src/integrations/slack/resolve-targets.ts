// Slack (`firebreak check`): do the Slack page targets in firebreak.yaml exist and reach someone?
// users.info for ids, users.lookupByEmail for emails, one usergroups.list for groups. Read-only.
import type { WebClient } from '@slack/web-api';
import type { PageTarget } from '../../domain/targets.js';
import { slackErrorCode } from './classify.js';
import { createSlackClient } from './client.js';

export interface SlackTargetReport {
  /** Target id or email → what is wrong with it. Targets not listed resolved (or were not checked). */
  problems: Map<string, string>;
  /** Checks that could not run (bad token, missing scope, Slack unreachable): the variable concerned and one line. */
  failures: Array<{ subject: 'SLACK_BOT_TOKEN' | 'SLACK_API_URL'; message: string }>;
}

export interface ResolveOptions {
  token: string;
  apiUrl: string;
  /** Per call; `check` should answer in seconds, not wait on a hung connection. */
  timeoutMs?: number;
  client?: WebClient;
}

/** Codes that mean the token itself is no good: nothing else is worth asking. */
const BAD_TOKEN = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type']);
/** users.lookupByEmail answers either for an address nobody in the workspace has (the docs name both). */
const NO_SUCH_EMAIL = new Set(['users_not_found', 'user_not_found']);
const SCOPES: Record<string, string> = { 'users.info': 'users:read', 'users.lookupByEmail': 'users:read.email', 'usergroups.list': 'usergroups:read' };

type Kind = 'Slack user ids' | 'Slack user emails' | 'Slack user groups';

/** A call failed as a whole: why, and whether to stop asking Slack anything. */
class Stop {
  constructor(
    readonly failure: SlackTargetReport['failures'][number],
    readonly all: boolean,
  ) {}
}

interface SlackUser {
  deleted?: boolean;
}

export async function resolveSlackTargets(targets: readonly PageTarget[], opts: ResolveOptions): Promise<SlackTargetReport> {
  const client = opts.client ?? createSlackClient({ token: opts.token, apiUrl: opts.apiUrl, timeoutMs: opts.timeoutMs ?? 5_000 });
  const report: SlackTargetReport = { problems: new Map(), failures: [] };
  const users = targets.flatMap((t) => (t.kind === 'slack-user' ? [t.id] : []));
  const emails = targets.flatMap((t) => (t.kind === 'slack-email' ? [t.email] : []));
  const groups = targets.flatMap((t) => (t.kind === 'slack-group' ? [t.id] : []));

  const steps: Array<() => Promise<void>> = [
    async () => {
      for (const id of users) {
        const user = await ask(opts, 'Slack user ids', 'users.info', () => client.users.info({ user: id }), new Set(['user_not_found']));
        if (user === 'not-found') report.problems.set(id, 'no such Slack user (users.info: user_not_found)');
        else if ((user.user as SlackUser | undefined)?.deleted === true) report.problems.set(id, 'this Slack user is deactivated');
      }
    },
    async () => {
      for (const email of emails) {
        const user = await ask(opts, 'Slack user emails', 'users.lookupByEmail', () => client.users.lookupByEmail({ email }), NO_SUCH_EMAIL);
        if (user === 'not-found') report.problems.set(email, 'no Slack user has this email (users.lookupByEmail)');
        else if ((user.user as SlackUser | undefined)?.deleted === true) report.problems.set(email, 'the Slack user with this email is deactivated');
      }
    },
    async () => {
      if (groups.length === 0) return;
      const answer = await ask(opts, 'Slack user groups', 'usergroups.list', () => client.usergroups.list({ include_users: true, include_disabled: true }), new Set());
      const known = new Map((answer === 'not-found' ? [] : (answer.usergroups ?? [])).map((g) => [g.id ?? '', g]));
      for (const id of groups) {
        const group = known.get(id);
        if (!group) report.problems.set(id, 'no such Slack user group (not in usergroups.list)');
        else if ((group.date_delete ?? 0) > 0) report.problems.set(id, `the Slack user group @${group.handle ?? id} is disabled: a page mentions nobody`);
        else if ((group.users ?? []).length === 0) report.problems.set(id, `the Slack user group @${group.handle ?? id} has no members: a page mentions nobody`);
      }
    },
  ];
  for (const step of steps) {
    try {
      await step();
    } catch (err) {
      if (!(err instanceof Stop)) throw err;
      report.failures.push(err.failure);
      if (err.all) break;
    }
  }
  return report;
}

/** One call; `notFound` codes are an answer about the target, anything else stops this kind of check. */
async function ask<T>(opts: ResolveOptions, kind: Kind, method: string, call: () => Promise<T>, notFound: ReadonlySet<string>): Promise<T | 'not-found'> {
  try {
    return await call();
  } catch (err) {
    const raw = slackErrorCode(err);
    // A body that was not JSON (a proxy's page) arrives as the `error` text: not a Slack answer.
    const code = raw !== null && /^[a-z0-9_]+$/.test(raw) ? raw : null;
    if (code !== null && notFound.has(code)) return 'not-found';
    if (code !== null && BAD_TOKEN.has(code)) {
      throw new Stop({ subject: 'SLACK_BOT_TOKEN', message: `Slack refused the token (${code}); Slack targets were not checked` }, true);
    }
    if (code === 'missing_scope') {
      const needed = (err as { data?: { needed?: unknown } }).data?.needed;
      const scope = typeof needed === 'string' && /^[\w:.,]+$/.test(needed) ? needed : SCOPES[method];
      throw new Stop({ subject: 'SLACK_BOT_TOKEN', message: `${method} needs the ${scope} scope (missing_scope); ${kind} were not checked` }, false);
    }
    if (code !== null) throw new Stop({ subject: 'SLACK_BOT_TOKEN', message: `${method} answered ${code}; ${kind} were not checked` }, false);
    if ((err as { code?: unknown }).code === 'slack_webapi_rate_limited_error') {
      throw new Stop({ subject: 'SLACK_BOT_TOKEN', message: `Slack rate-limited ${method}; ${kind} were not checked (try again in a minute)` }, false);
    }
    throw new Stop({ subject: 'SLACK_API_URL', message: `cannot reach Slack at ${opts.apiUrl} (${transportProblem(err)}); Slack targets were not checked` }, true);
  }
}

/** A short, secret-free description of a failure that is not a Slack answer. */
function transportProblem(err: unknown): string {
  const e = err as { code?: unknown; statusCode?: unknown; original?: unknown };
  if (typeof e.statusCode === 'number') return `HTTP ${e.statusCode}`;
  if (e.code === 'slack_webapi_platform_error') return 'an answer that is not Slack JSON';
  // fetch wraps the socket's error: TypeError('fetch failed') with the cause (ECONNREFUSED, ENOTFOUND).
  const original = e.original as { name?: unknown; code?: unknown; cause?: { code?: unknown } } | undefined;
  if (original?.name === 'TimeoutError' || original?.name === 'AbortError') return 'timed out';
  const code = original?.cause?.code ?? original?.code;
  return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? code : 'request failed';
}
