// Domain: remediation requests as people see them — the built-in action kinds, a request's view (the
// approval card, `/incident actions`) and the reasons a request or a click is refused (worded at the
// edge and in the chat adapter).

export const ACTION_KINDS = ['block_ip', 'unblock_ip', 'disable_account', 'enable_account', 'rollback', 'run'] as const;
export type ActionKindName = (typeof ACTION_KINDS)[number];

export const isActionKind = (s: string): s is ActionKindName => (ACTION_KINDS as readonly string[]).includes(s);

export type RequestPhase = 'awaiting' | 'executing' | 'succeeded' | 'failed' | 'unknown' | 'denied' | 'expired' | 'cancelled' | 'lifting' | 'lifted';

/** What the incident's alerts say about an IP: the alerts naming it, how often, first and last seen. */
export interface IpEvidenceView {
  value: string;
  alerts: number;
  occurrences: number;
  firstSeen: string | null;
  lastSeen: string | null;
  titles: string[];
}

export interface RequestResultView {
  ok: boolean;
  detail: string;
  link: string | null;
  at: string;
  durationMs: number | null;
}

/** One request as the card and lists show it. */
export interface ApprovalView {
  id: string;
  number: number;
  incidentId: string;
  incidentNumber: number | null;
  action: string;
  kind: string;
  params: Record<string, string>;
  /** Binds a click to these exact parameters. */
  paramsHash: string;
  reason: string | null;
  requester: string;
  risk: 'low' | 'high';
  phase: RequestPhase;
  required: number;
  approvals: Array<{ user: string; at: string }>;
  approvers: { users: string[]; groups: string[] };
  /** ISO 8601 (absolute). */
  expiresAt: string;
  brokeGlass: boolean;
  breakGlassJustification: string | null;
  denial: { by: string; reason: string } | null;
  cancelledBy: string | null;
  refusal: string | null;
  result: RequestResultView | null;
  liftAt: string | null;
  lift: RequestResultView | null;
  settledBy: { user: string; decision: 'retry' | 'done' | 'failed' } | null;
  evidence: IpEvidenceView | null;
}

/** Why a request, or a click on one, was not taken. */
export type ApprovalRefusal =
  | { kind: 'unknown-action'; action: string; known: string[] }
  | { kind: 'invalid-params'; reason: string }
  | { kind: 'executor-unavailable'; executor: string }
  | { kind: 'not-a-commander' }
  | { kind: 'incident-closed' }
  | { kind: 'no-such-request'; ref: string }
  | { kind: 'ended'; number: number; phase: RequestPhase }
  | { kind: 'own-request'; number: number }
  | { kind: 'not-an-approver'; number: number }
  | { kind: 'already-approved'; number: number }
  | { kind: 'changed-parameters'; number: number }
  | { kind: 'not-requester'; number: number }
  | { kind: 'not-unknown'; number: number; phase: RequestPhase }
  | { kind: 'unavailable' };

export type ApprovalOutcome = { ok: true; request: ApprovalView; note?: 'counted' | 'decided' } | { ok: false; refusal: ApprovalRefusal };
