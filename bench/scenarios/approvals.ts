// Bench: approval click → executor called, with 1,000 requests pending. Each click is the approvals
// API's approve (directory check, machine step, one commit queuing the execution); the clock stops
// when the real dispatcher hands the request to the executor (after the preconditions and the
// hourly-cap slot). Target: p99 ≤ 1 s.
import { slackActor } from '../../src/domain/actor.js';
import { catalogOf, createReplica } from '../../test/support/approvals-replica.js';
import { fakeExecutor } from '../../test/support/fake-executor.js';
import { inParallel, percentile, report, withStore } from '../support.js';

const kind = (process.argv[2] ?? 'postgres') as 'embedded' | 'postgres';
const pendingCount = Number(process.argv[3] ?? 1000);
const clicks = Number(process.argv[4] ?? 200);
const perSecond = 20;

await withStore(kind, async (store) => {
  const clickedAt = new Map<string, number>();
  const latency: number[] = [];
  const executor = fakeExecutor();
  const answer = executor.answer;
  executor.answer = (req) => {
    const t0 = clickedAt.get(req.requestId);
    if (t0 !== undefined) latency.push(performance.now() - t0);
    return answer(req);
  };
  const replica = createReplica({ store, executors: new Map([['fake', executor]]), catalog: catalogOf('fake', { perHour: 10_000 }) });
  replica.engine.start();
  const requester = slackActor('U0REQ', 'T1');
  const declared = await replica.incidents.declare({ title: 'Bench', severity: 'sev2', service: 'auth', commander: null, summary: null, declaredBy: requester });
  const incident = (await replica.incidents.read(declared.id))!;
  const ids: string[] = [];
  await inParallel(pendingCount, 16, async (i) => {
    const r = await replica.approvals.request({ incident, action: 'block_ip', params: { ip: `185.${220 + (i >> 16)}.${(i >> 8) & 255}.${i & 255 || 1}` }, reason: null, actor: requester });
    if (r.ok) ids.push(r.request.id);
  });
  // Let the cards of the pending requests be posted before measuring.
  await new Promise((r) => setTimeout(r, 3000));
  const approver = slackActor('U0ANNA', 'T1');
  const started = performance.now();
  for (let i = 0; i < Math.min(clicks, ids.length); i++) {
    const wait = started + (i * 1000) / perSecond - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const id = ids[i]!;
    clickedAt.set(id, performance.now());
    void replica.approvals.approve({ id }, approver);
  }
  const deadline = Date.now() + 60_000;
  while (latency.length < Math.min(clicks, ids.length) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await replica.engine.stop();
  latency.sort((a, b) => a - b);
  report({
    bench: 'approval click → executor', store: kind, pending: ids.length, clicks: latency.length, rate_per_s: perSecond,
    p50_ms: Math.round(percentile(latency, 50)), p99_ms: Math.round(percentile(latency, 99)), max_ms: Math.round(latency.at(-1) ?? NaN),
  });
});
process.exit(0);
