// Workflows: what an approval request is made of — the input a request gives it (snapshotted from
// the catalog entry at request time, so a later config edit never changes a running request) and
// the context the machine keeps (approvals so far, the outcome, the card, the lift).

/** Who may approve: Slack user ids and user groups (S…), as the catalog entry named them. */
export interface Approvers {
  users: string[];
  groups: string[];
}

export interface ApprovalInput {
  /** The workflow id (`apr_…`). */
  id: string;
  /** Short number people type: `/incident approve 12`. */
  number: number;
  incidentId: string;
  /** The catalog entry's name (`block_ip`, or a named `run` action). */
  action: string;
  /** The built-in kind (block_ip, unblock_ip, disable_account, enable_account, rollback, run). */
  kind: string;
  /** Exactly what will be executed. */
  params: Record<string, string>;
  /** Hash of action + params: an approval binds to it, a changed request is a new request. */
  paramsHash: string;
  reason: string | null;
  /** A Slack user id (or `alert:<source>` for a routing rule's proposal). */
  requester: string;
  /** ISO 8601: when the request was made (the expiry is counted from it). */
  requestedAt: string;
  risk: 'low' | 'high';
  approvers: Approvers;
  /** Distinct approvers needed (1..n). */
  required: number;
  expiryMs: number;
  executor: string;
  /** The executor says running a request twice equals running it once: it may be retried. */
  idempotent: boolean;
  /** Lift (unblock) automatically this long after success; null: never (not an IP block). */
  liftAfterMs: number | null;
  /** Who may break glass on this request: the incident's commander(s) at request time. */
  commanders: string[];
  /** `--break-glass <justification>`: run a high-risk action without approval, loudly. */
  breakGlass: { justification: string } | null;
  /** Also DM the approvers (users and group members) when the card is posted. */
  dmApprovers: boolean;
}

export interface Approval {
  user: string;
  at: string;
  /** How they qualified: listed by name, or through one of the groups. */
  as: 'user' | 'group';
}

export interface ExecutionResult {
  ok: boolean;
  detail: string;
  link: string | null;
  reference: string | null;
  at: string;
  durationMs: number | null;
}

export type ApprovalPhase =
  | 'awaiting'
  | 'executing'
  | 'succeeded'
  | 'failed'
  | 'unknown'
  | 'denied'
  | 'expired'
  | 'cancelled'
  | 'lifting'
  | 'lifted';

export interface ApprovalContext extends ApprovalInput {
  /** Where the request stands (mirrors the state value, for the card, lists and the API). */
  phase: ApprovalPhase;
  expiresAt: string;
  approvals: Approval[];
  /** Approved without quorum by a commander (flagged everywhere). */
  brokeGlass: boolean;
  denial: { by: string; reason: string; at: string } | null;
  cancelledBy: string | null;
  /** Why a check just before execution stopped it (incident closed, hourly cap, now protected). */
  refusal: string | null;
  result: ExecutionResult | null;
  /** Times the action was handed to the executor (a human's Retry adds one). */
  runs: number;
  /** When the lift falls due (ISO 8601) once the block succeeded; then its outcome. */
  liftAt: string | null;
  lift: ExecutionResult | null;
  /** Settled by hand after an unknown outcome. */
  settledBy: { user: string; decision: 'done' | 'failed' | 'retry' } | null;
}

export function initialContext(input: ApprovalInput): ApprovalContext {
  const at = Date.parse(input.requestedAt);
  return {
    ...input,
    phase: 'awaiting',
    expiresAt: new Date((Number.isNaN(at) ? 0 : at) + input.expiryMs).toISOString(),
    approvals: [],
    brokeGlass: false,
    denial: null,
    cancelledBy: null,
    refusal: null,
    result: null,
    runs: 0,
    liftAt: null,
    lift: null,
    settledBy: null,
  };
}
