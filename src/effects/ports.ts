// Effects: what the core needs from the outside, named by the consumer. Vendor folders satisfy
// these; local mode satisfies them by writing to the log and the timeline.
import type { Severity } from '../domain/alert.js';
import type { IncidentView } from '../domain/incident.js';
import type { ChatContent } from './chat-content.js';
import type { EffectError } from './effect.js';

export type PortResult<T = void> = { ok: true; value: T } | { ok: false; error: EffectError };

/** How an incident's channel is named: the configured pattern and the facts it may use. */
export interface ChannelRequest {
  /** e.g. `inc-{number}-{slug}`. */
  pattern: string;
  incident: Pick<IncidentView, 'number' | 'title' | 'service' | 'severity'>;
  isPrivate: boolean;
  incidentId: string;
}

export interface PostOptions {
  /** Stable across retries: the adapter posts once per key, even when an answer was lost. */
  idempotencyKey: string;
  /** A second or later attempt: the adapter first looks for what it already posted with this key. */
  retry?: boolean;
}

/**
 * The chat the core needs (Slack; local mode writes to the log). Content is data (chat-content.ts):
 * the adapter words it and lays it out.
 */
export interface Chat {
  /**
   * The incident's channel, created once: a retry finds the channel it already created (same name,
   * created by us); a name taken by someone else gets a suffix.
   */
  ensureChannel(req: ChannelRequest): Promise<PortResult<{ id: string; name: string }>>;
  /** Severity, status and commander at a glance. */
  setTopic(channel: string, view: IncidentView): Promise<PortResult>;
  /** Already-present users are success. */
  invite(channel: string, users: string[]): Promise<PortResult>;
  post(channel: string, content: ChatContent, opts: PostOptions): Promise<PortResult<{ ts: string }>>;
  update(channel: string, ts: string, content: ChatContent): Promise<PortResult>;
  /** Already pinned is success. */
  pin(channel: string, ts: string): Promise<PortResult>;
  archive(channel: string): Promise<PortResult>;
  /** A direct message to one user (the bot's DM with them, opened if need be), posted once per key like `post`. */
  directMessage(user: string, content: ChatContent, opts: PostOptions): Promise<PortResult<{ channel: string; ts: string }>>;
  /** The user id registered under this email, or null when there is no such user. Cached by the adapter. */
  lookupUserByEmail(email: string): Promise<PortResult<string | null>>;
  /** The members of a user group (S…), so each can get the page as a DM. Cached briefly by the adapter. */
  userGroupMembers(group: string): Promise<PortResult<string[]>>;
  /**
   * A file shared in a channel (a post-mortem draft as Markdown, a chart as PNG). Not idempotent on
   * Slack's side: a retry after a lost answer may share it twice (the caller keeps retries few).
   */
  uploadFile(channel: string, file: ChatFile): Promise<PortResult<{ fileId: string; permalink: string | null }>>;
}

/**
 * Where follow-ups are tracked outside Firebreak (GitHub issues, Jira issues): reports' periodic sync
 * calls each configured one the same way. The adapter renders the issue in its own markup and says
 * what "done" is there (a closed GitHub issue, a Jira issue in a Done status).
 */
export interface IssueTracker {
  /** Which tracker: the follow-up's link says it, and the actor of what it changes is `<system>:<where>`. */
  readonly system: TrackerSystem;
  /** Where its issues are: `owner/repo` (GitHub), a project key (Jira). */
  readonly where: string;
  /** The issue carrying `marker` (a retry after a lost answer finds it), or null. */
  findByMarker(marker: string): Promise<PortResult<TrackedIssue | null>>;
  create(issue: NewTrackedIssue): Promise<PortResult<TrackedIssue>>;
  /** The issue by the key create or findByMarker gave. */
  get(key: string): Promise<PortResult<TrackedIssue>>;
}

export type TrackerSystem = 'github' | 'jira';

export interface NewTrackedIssue {
  /** One line. */
  title: string;
  /** Plain text (untrusted: the adapter escapes or structures it); '' between paragraphs. */
  lines: string[];
  /** Put in the issue where findByMarker finds it again. */
  marker: string;
}

/** Where documents are published as files (a GitHub repository): the post-mortem draft. */
export interface DocumentStore {
  /** `owner/repo`. */
  readonly where: string;
  /** Creates the file or replaces its content (publishing again is safe). */
  put(path: string, content: Uint8Array, message: string): Promise<PortResult<{ url: string }>>;
}

export interface TrackedIssue {
  /** Unique within its tracker: `owner/repo#12`, `OPS-7`. */
  key: string;
  url: string;
  /** closed: done there (a closed GitHub issue, a Jira issue whose status is in the Done category). */
  state: 'open' | 'closed';
}

/** A file to share: its bytes, name and title, and a plain-text comment posted with it (escaped by the adapter). */
export interface ChatFile {
  filename: string;
  title: string;
  content: Uint8Array;
  comment: string | null;
}

/** One page to PagerDuty's Events API v2 (the adapter maps the severity to PagerDuty's words). */
export interface PageRequest {
  /** The incident's stable key: every retry and every later acknowledge/resolve uses the same one. */
  dedupKey: string;
  summary: string;
  source: string;
  severity: Severity;
  component?: string;
  group?: string;
  class?: string;
  customDetails?: Record<string, unknown>;
  links?: Array<{ href: string; text?: string }>;
  clientUrl?: string;
}

export interface Pager {
  /** Trigger (or re-trigger) the PagerDuty incident for dedupKey: never a second incident for the same key. */
  trigger(req: PageRequest, routingKey?: string): Promise<PortResult<{ dedupKey: string }>>;
  /** Pass the trigger's routingKey: PagerDuty drops an acknowledge or resolve sent through another integration. */
  acknowledge(dedupKey: string, routingKey?: string): Promise<PortResult>;
  resolve(dedupKey: string, routingKey?: string): Promise<PortResult>;
}

/** A page as a webhook receives it (the JSON body is documented in integrations/webhook/README.md). */
export interface WebhookPage {
  incident: { id: string; number: number | null; title: string; severity: string; status: string; service: string | null };
  /** Escalation level as people count it (1 = the first), or null for a page by hand. */
  level: number | null;
  round: number;
  reason: string;
  channel: { id: string; name: string; url: string } | null;
  /** One plain-text line: what the incident is and where it stands. */
  summary: string;
}

export interface WebhookPager {
  /**
   * POSTs the page to the webhook named `name` in config. `idempotencyKey` is stable across retries
   * (sent as Idempotency-Key), so a receiver can drop a repeat.
   */
  page(name: string, page: WebhookPage, idempotencyKey: string): Promise<PortResult>;
}

/** Someone in the chat workspace, as access checks need them. */
export interface Person {
  id: string;
  /** Their home workspace (T…). */
  team: string | null;
  /** A guest (single- or multi-channel): may read, may not change state by default. */
  guest: boolean;
  /** From another organisation, through Slack Connect. */
  external: boolean;
  deleted: boolean;
}

/**
 * The chat workspace's directory, for permission checks at the moment someone acts (answers are
 * cached by the adapter for at most a minute, so a membership change takes effect quickly).
 */
export interface Directory {
  /** Null when the workspace does not know the user. */
  person(user: string): Promise<PortResult<Person | null>>;
  /** The members of a user group (S…). */
  groupMembers(group: string): Promise<PortResult<string[]>>;
  /** The members of a channel (a private incident's channel decides who may see and act on it). */
  channelMembers(channel: string): Promise<PortResult<string[]>>;
}

/**
 * Remediation (approval gates, issue 10). An executor carries out one approved action against the
 * outside world: Cloudflare IP Access Rules, the protected application's Supabase project, a GitHub
 * Actions rollback, a signed webhook. Each lives in its own vendor folder and is registered by name
 * in main.ts; the approval workflow's effect handler picks one by the catalog entry's `executor`.
 */
export type ActionKind = 'block_ip' | 'unblock_ip' | 'disable_account' | 'enable_account' | 'rollback' | 'run';

export interface ExecutionRequest {
  /** The approval request's id: the idempotency key an idempotent executor sends with its call. */
  requestId: string;
  kind: ActionKind;
  /** The catalog entry's name (e.g. `block_ip`, or a named `run` action such as `restart-workers`). */
  action: string;
  /** Exactly the approved parameters (their hash is what the approvals bound to). */
  params: Record<string, string>;
  /** The executor's own settings from the catalog entry in firebreak.yaml (zone, table, repository, …). */
  settings: Record<string, unknown>;
  /** Who asked and why, for the vendor's note/comment field (never a secret). */
  note: string;
}

export interface ExecutionOutcome {
  /** One line for the card, the timeline and the audit log; vendor text already trimmed. */
  detail: string;
  /** A link to what was done (the Cloudflare rule, the Actions run), when there is one. */
  link?: string;
  /** What the vendor gave back that undoing the action needs (e.g. a Cloudflare rule id). */
  reference?: string;
}

export interface Executor {
  readonly name: string;
  /**
   * True when running the same request twice has the effect of running it once (the vendor dedups
   * on the request id, or the call is an upsert): the dispatcher may retry it. False: a call whose
   * answer was lost ends as "outcome unknown" for a human to settle, never a blind re-run.
   */
  readonly idempotent: boolean;
  /** The action kinds this executor can carry out. */
  readonly kinds: readonly ActionKind[];
  /** Whether its credentials are present (a catalog entry naming an unconfigured executor is a config warning). */
  configured(): boolean;
  execute(req: ExecutionRequest, signal: AbortSignal): Promise<PortResult<ExecutionOutcome>>;
}
