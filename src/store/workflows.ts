// Store: typed calls to the workflow functions (load, one-commit step, fail, timeline).
import type { Transport } from './transport.js';

export type WorkflowStatus = 'active' | 'done' | 'failed';

export interface StoredWorkflow {
  id: string;
  kind: string;
  machine_version: number;
  version: number;
  status: WorkflowStatus;
  snapshot: unknown;
  summary: unknown;
  failure: string | null;
}

export interface TimerRow {
  key: string;
  event: { type: string; [k: string]: unknown };
  delay_ms: number;
}

export interface EffectRow {
  type: string;
  params: Record<string, unknown>;
  idempotency_key: string;
  ordering_key: string | null;
  max_attempts: number;
}

export interface TimelineRow {
  kind: string;
  message: string;
  actor?: string | null;
  data?: unknown;
}

export interface StepCommit {
  id: string;
  kind: string;
  machineVersion: number;
  /** 0 creates the workflow. */
  expectedVersion: number;
  snapshot: unknown;
  status: WorkflowStatus;
  timers: TimerRow[];
  cancel: string[];
  effects: EffectRow[];
  timeline: TimelineRow[];
  consumedTimer?: { key: string; generation: number } | undefined;
  /** Queryable projection of the snapshot (WorkflowDefinition.summarize); undefined keeps the last. */
  summary?: unknown;
}

export type CommitResult =
  | { ok: true; version: number }
  | { ok: false; reason: 'conflict' | 'exists' | 'stale-timer' | 'not-active'; version?: number };

export interface TimelineEntry {
  id: number;
  at: string;
  kind: string;
  actor: string | null;
  message: string;
  data: unknown;
}

export function loadWorkflow(t: Transport, id: string): Promise<StoredWorkflow | null> {
  return t.rpc<StoredWorkflow | null>('fb_workflow_load', { p_id: id });
}

export function commitStep(t: Transport, c: StepCommit): Promise<CommitResult> {
  return t.rpc<CommitResult>('fb_workflow_commit', {
    p_id: c.id,
    p_kind: c.kind,
    p_machine_version: c.machineVersion,
    p_expected_version: c.expectedVersion,
    p_snapshot: c.snapshot,
    p_status: c.status,
    p_timers: c.timers,
    p_cancel: c.cancel,
    p_effects: c.effects,
    p_timeline: c.timeline,
    p_consumed_timer: c.consumedTimer ?? null,
    p_summary: c.summary ?? null,
  });
}

export async function failWorkflow(t: Transport, id: string, reason: string): Promise<boolean> {
  const r = await t.rpc<{ ok: boolean }>('fb_workflow_fail', { p_id: id, p_reason: reason });
  return r.ok;
}

export function listTimeline(t: Transport, workflowId: string, afterId = 0): Promise<TimelineEntry[]> {
  return t.rpc<TimelineEntry[]>('fb_timeline_list', { p_workflow_id: workflowId, p_after_id: afterId });
}

export async function appendTimeline(t: Transport, workflowId: string, entry: TimelineRow): Promise<void> {
  await t.rpc('fb_timeline_append', {
    p_workflow_id: workflowId,
    p_kind: entry.kind,
    p_actor: entry.actor ?? null,
    p_message: entry.message,
    p_data: entry.data ?? null,
  });
}
