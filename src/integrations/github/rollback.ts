// Remediation: the `github` executor — a rollback through a GitHub Actions workflow_dispatch (the
// repository's own deploy workflow, given the version to go back to), then the run it created,
// followed to its conclusion (bounded polling; the dispatcher's abort signal stops it) and reported
// with the run's page. NOT idempotent: a second dispatch runs a second deploy. So once the dispatch
// is accepted, losing track of the run is never a plain "try again" (which would dispatch again):
// it is reported as a `retry` error, which the approvals feature turns into "outcome unknown" for a
// non-idempotent executor, with the run's link for a human to settle.
import { z } from 'zod';
import { duration } from '../../config/duration.js';
import type { Secret } from '../../config/secret.js';
import type { ExecutionOutcome, ExecutionRequest, Executor, PortResult } from '../../effects/ports.js';
import { scrub, vendorCall, type VendorRequest } from '../http.js';

export const GITHUB_EXECUTOR = 'github';
const API_VERSION = '2022-11-28';
/** Our clock and GitHub's may differ: a run created this long "before" the dispatch still counts. */
const CLOCK_SKEW_MS = 60_000;
/** Polls before a single new run without the request id in its title is taken as ours. */
const UNTITLED_AFTER_POLLS = 3;

const inputName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, { error: 'expected a workflow input name' });

export const githubRollbackSettingsSchema = z
  .strictObject({
    repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: 'expected owner/repo' }).describe('The repository whose workflow deploys the service.'),
    workflow: z
      .union([z.string().regex(/^[A-Za-z0-9_.-]+\.ya?ml$/, { error: 'expected a workflow file name like rollback.yml, or its numeric id' }), z.int().positive()])
      .describe('The workflow to dispatch: its file name (rollback.yml) or numeric id. It must have a workflow_dispatch trigger.'),
    ref: z.string().min(1).default('main').describe('The branch or tag whose workflow file runs.'),
    inputs: z.record(inputName, z.string()).default({}).describe('Fixed inputs sent with every dispatch (e.g. environment: production).'),
    pass_params: z
      .array(inputName)
      .default(['service', 'version'])
      .describe('Request parameters sent as inputs of the same name when given (`/incident rollback <service> to <version>`).'),
    request_id_input: inputName
      .nullable()
      .default('request_id')
      .describe('The input that receives the request id (put it in the workflow\'s run-name so Firebreak finds the run); null to send none.'),
    poll_interval: duration.prefault('10s').describe('How often the run is checked while it runs.'),
    follow_timeout: duration
      .prefault('20m')
      .describe('How long the run is followed; still running after that → outcome unknown, with the run\'s link. Keep it below the dispatcher lease.'),
  })
  .describe('GitHub Actions rollback: the workflow to dispatch and how to follow its run.');

export type GithubRollbackSettings = z.output<typeof githubRollbackSettingsSchema>;

export interface GithubRollbackOptions {
  token?: Secret;
  /** GITHUB_API_URL, e.g. https://api.github.com */
  apiUrl: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  /** Waits between polls; resolves early when the signal aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

interface WorkflowRun {
  id: number;
  run_number?: number;
  status?: string | null;
  conclusion?: string | null;
  html_url?: string;
  display_title?: string;
  name?: string | null;
  created_at?: string;
  event?: string;
}

interface DispatchDetails {
  workflow_run_id?: number;
  run_url?: string;
  html_url?: string;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

const giveUp = (message: string): PortResult<never> => ({ ok: false, error: { kind: 'give-up', message } });
/** After the dispatch: whatever goes wrong, the deploy may be running — never a blind re-dispatch. */
const unknown = (message: string): PortResult<never> => ({ ok: false, error: { kind: 'retry', message } });

export function createGithubRollbackExecutor(opts: GithubRollbackOptions): Executor {
  const secrets = opts.token ? [opts.token.reveal()] : [];
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? abortableSleep;

  function call<T>(req: Omit<VendorRequest, 'vendor' | 'baseUrl' | 'headers' | 'secrets' | 'fetch' | 'timeoutMs'>, signal: AbortSignal) {
    return vendorCall<T>({
      vendor: GITHUB_EXECUTOR,
      baseUrl: opts.apiUrl,
      headers: { authorization: `Bearer ${opts.token?.reveal() ?? ''}`, accept: 'application/vnd.github+json', 'x-github-api-version': API_VERSION, 'user-agent': 'Firebreak' },
      secrets,
      signal,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
      ...req,
    });
  }

  /** POST …/dispatches, asking for the run's details (GitHub.com since 2026-02); a server that does not know the flag is asked again without it. */
  async function dispatch(repo: string, workflow: string, body: { ref: string; inputs: Record<string, string> }, signal: AbortSignal): Promise<PortResult<DispatchDetails | null>> {
    const path = `/repos/${repo}/actions/workflows/${encodeURIComponent(workflow)}/dispatches`;
    const first = await call<DispatchDetails | { message?: string } | null>({ path, method: 'POST', body: { ...body, return_run_details: true }, answerStatuses: [400, 422] }, signal);
    if (!first.ok) return first;
    if (first.value.status < 300) return { ok: true, value: first.value.status === 200 ? (first.value.body as DispatchDetails | null) : null };
    const message = (first.value.body as { message?: string } | null)?.message ?? '';
    // 4xx: nothing was dispatched, so asking again without the flag cannot run the deploy twice.
    if (!/return_run_details/i.test(message)) return giveUp(scrub(`github: the dispatch was refused (HTTP ${first.value.status}): ${message || 'no reason given'}`, secrets));
    const second = await call<null>({ path, method: 'POST', body }, signal);
    return second.ok ? { ok: true, value: null } : second;
  }

  /** The run our dispatch created: the one whose title carries the request id, else the only new one. */
  async function findRun(repo: string, workflow: string, s: GithubRollbackSettings, requestId: string, since: number, deadline: number, signal: AbortSignal): Promise<PortResult<WorkflowRun>> {
    const created = `>=${new Date(since - CLOCK_SKEW_MS).toISOString().replace(/\.\d{3}Z$/, 'Z')}`;
    let last = 'no run has appeared yet';
    for (let attempt = 1; !signal.aborted && now() < deadline; attempt++) {
      const res = await call<{ workflow_runs?: WorkflowRun[] }>(
        { path: `/repos/${repo}/actions/workflows/${encodeURIComponent(workflow)}/runs`, query: { event: 'workflow_dispatch', created, per_page: 20 } },
        signal,
      );
      let wait = s.poll_interval;
      if (res.ok) {
        const runs = (res.value.body?.workflow_runs ?? []).filter((r) => r.event === undefined || r.event === 'workflow_dispatch');
        const titled = runs.find((r) => `${r.display_title ?? ''} ${r.name ?? ''}`.includes(requestId));
        if (titled) return { ok: true, value: titled };
        // A workflow whose run-name does not carry the request id: the only new run, once it has had time to show its title.
        if (runs.length === 1 && (s.request_id_input === null || attempt >= UNTITLED_AFTER_POLLS)) return { ok: true, value: runs[0]! };
        last = runs.length === 0 ? 'no run has appeared yet' : `${runs.length} new runs and none names ${requestId} in its title`;
      } else {
        last = res.error.message;
        if (res.error.kind === 'give-up') break;
        if (res.error.kind === 'rate-limited') wait = res.error.retryAfterMs;
      }
      await sleep(Math.min(wait, Math.max(0, deadline - now())), signal);
    }
    return unknown(scrub(`github: the rollback was dispatched but its run was not found (${last}); check the workflow's runs`, secrets));
  }

  async function follow(repo: string, run: WorkflowRun, s: GithubRollbackSettings, deadline: number, signal: AbortSignal): Promise<PortResult<WorkflowRun>> {
    let current = run;
    while (current.status !== 'completed') {
      if (signal.aborted) return unknown(`github: rollback run ${describe(current)} is ${current.status ?? 'queued'}; stopped following it (shutting down)${at(current)}`);
      if (now() >= deadline) return unknown(`github: rollback run ${describe(current)} is still ${current.status ?? 'queued'} after ${Math.round(s.follow_timeout / 60_000)} min${at(current)}`);
      await sleep(s.poll_interval, signal);
      if (signal.aborted) continue;
      const res = await call<WorkflowRun>({ path: `/repos/${repo}/actions/runs/${current.id}` }, signal);
      if (res.ok && res.value.body) current = { ...current, ...res.value.body };
      else if (!res.ok && res.error.kind === 'rate-limited') await sleep(Math.min(res.error.retryAfterMs, Math.max(0, deadline - now())), signal);
      else if (!res.ok && res.error.kind === 'give-up') return unknown(scrub(`github: rollback run ${describe(current)} was dispatched but cannot be followed (${res.error.message})${at(current)}`, secrets));
    }
    return { ok: true, value: current };
  }

  const describe = (run: WorkflowRun) => (run.run_number !== undefined ? `#${run.run_number}` : String(run.id));
  const at = (run: WorkflowRun) => (run.html_url ? `: ${run.html_url}` : '');

  async function rollback(req: ExecutionRequest, s: GithubRollbackSettings, signal: AbortSignal): Promise<PortResult<ExecutionOutcome>> {
    const inputs: Record<string, string> = { ...s.inputs };
    for (const name of s.pass_params) {
      const value = req.params[name]?.trim();
      if (value) inputs[name] = value;
    }
    if (s.request_id_input !== null) inputs[s.request_id_input] = req.requestId;
    const workflow = String(s.workflow);
    const since = now();
    const deadline = since + s.follow_timeout;

    const dispatched = await dispatch(s.repository, workflow, { ref: s.ref, inputs }, signal);
    if (!dispatched.ok) return dispatched;
    const details = dispatched.value;

    const found: PortResult<WorkflowRun> = details?.workflow_run_id
      ? { ok: true, value: { id: details.workflow_run_id, status: 'queued', ...(details.html_url ? { html_url: details.html_url } : {}) } }
      : await findRun(s.repository, workflow, s, req.requestId, since, deadline, signal);
    if (!found.ok) return found;

    const ended = await follow(s.repository, found.value, s, deadline, signal);
    if (!ended.ok) return ended;
    const run = ended.value;
    const what = `${req.params.service ? `${req.params.service} ` : ''}rollback${req.params.version ? ` to ${req.params.version}` : ''}`;
    if (run.conclusion === 'success') {
      return { ok: true, value: { detail: `${what}: ${s.repository} ${workflow} run ${describe(run)} succeeded`, reference: String(run.id), ...(run.html_url ? { link: run.html_url } : {}) } };
    }
    return giveUp(`github: ${what}: ${s.repository} ${workflow} run ${describe(run)} ended ${run.conclusion ?? 'without a conclusion'}${at(run)}`);
  }

  return {
    name: GITHUB_EXECUTOR,
    idempotent: false,
    kinds: ['rollback'],
    configured: () => opts.token !== undefined,
    async execute(req, signal) {
      if (!opts.token) return giveUp('github: GITHUB_TOKEN is not set');
      const parsed = githubRollbackSettingsSchema.safeParse(req.settings);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return giveUp(`github settings${issue?.path.length ? `.${issue.path.join('.')}` : ''}: ${issue?.message ?? 'invalid'}`);
      }
      if (req.kind !== 'rollback') return giveUp(`github cannot ${req.kind} (it dispatches rollbacks)`);
      return rollback(req, parsed.data, signal);
    },
  };
}
