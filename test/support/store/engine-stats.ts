// Test support: what /metrics asks the store (fb_engine_stats) on a store with a long history, and
// the plan its query gets — so a test can show a scrape reads only live rows, on any SQL transport.
import type { SqlTransport } from '../../../src/store/transport.js';

export interface History {
  /** Effects done long ago, and workflows that finished: what grows forever. */
  doneEffects: number;
  doneWorkflows: number;
}

/**
 * History plus a known live set: 7 active and 2 failed workflows, 5 pending effects of which 2
 * running (the oldest created an hour ago), 3 dead effects, 4 timers of which one 90 s overdue.
 */
export async function fillHistory(store: SqlTransport, h: History): Promise<void> {
  await store.exec(`
    insert into workflows (id, kind, machine_version, version, status, snapshot)
      select 'done-' || g, 'incident', 1, 3, 'done', '{}' from generate_series(1, ${h.doneWorkflows}) g;
    insert into workflows (id, kind, machine_version, version, status, snapshot)
      select 'live-' || g, 'incident', 1, 1, case when g <= 7 then 'active' else 'failed' end, '{}' from generate_series(1, 9) g;
    insert into outbox (workflow_id, effect_type, params, idempotency_key, max_attempts, status, attempts, finished_at)
      select 'done-' || (g % ${Math.max(1, h.doneWorkflows)} + 1), 'slack.post', '{}', 'done-' || g, 8, 'done', 1, now()
        from generate_series(1, ${h.doneEffects}) g;
    insert into outbox (workflow_id, effect_type, params, idempotency_key, max_attempts, status, finished_at)
      select 'live-1', 'slack.post', '{}', 'dead-' || g, 8, 'dead', now() from generate_series(1, 3) g;
    insert into outbox (workflow_id, effect_type, params, idempotency_key, max_attempts, status, created_at)
      select 'live-1', 'page.targets', '{}', 'live-' || g, 8, case when g <= 2 then 'running' else 'pending' end,
             now() - (g * interval '12 minutes')
        from generate_series(1, 5) g;
    insert into timers (workflow_id, timer_key, generation, event, due_at)
      select 'live-' || g, 'after', 1, '{}', case when g = 1 then now() - interval '90 seconds' else now() + interval '1 hour' end
        from generate_series(1, 4) g;`);
}

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** The plan of the query fb_engine_stats runs (its body, read from the catalog), flattened. */
export async function engineStatsPlan(store: SqlTransport): Promise<PlanNode[]> {
  const [fn] = await store.query<{ prosrc: string }>(`select prosrc from pg_proc where proname = 'fb_engine_stats'`);
  const [row] = await store.query<{ 'QUERY PLAN': unknown }>(`explain (format json) ${fn!.prosrc}`);
  const raw = row!['QUERY PLAN'];
  const [top] = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan: PlanNode }>;
  const flat: PlanNode[] = [];
  const walk = (n: PlanNode) => {
    flat.push(n);
    n.Plans?.forEach(walk);
  };
  walk(top!.Plan);
  return flat;
}

/** Tables that only grow: a scan of one of these costs more with every incident ever handled. */
export const GROWING_TABLES = ['workflows', 'outbox'];
