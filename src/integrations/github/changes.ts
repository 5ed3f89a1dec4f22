// Integrations: "what changed" as a diagnostics source — the service's recent deploys: GitHub
// deployments and releases of the repository routing maps it to (GITHUB_API_URL, GITHUB_TOKEN), and
// the deploy events any CD system sent to POST /webhooks/deploy (read through `webhookDeploys`).
import type { Deploy } from '../../domain/diagnostics.js';
import type { DiagnosticsSource } from '../../effects/diagnostics-source.js';
import type { PortResult } from '../../effects/ports.js';
import { vendorCall } from '../http.js';
import type { Secret } from '../../config/secret.js';

export interface ChangesOptions {
  github: { token?: Secret; apiUrl: string };
  /** How far back: "deploys in the last 2 hours". */
  windowMs: () => number;
  /** Deploy events received on POST /webhooks/deploy for the service (null: that edge is closed). */
  webhookDeploys: ((service: string, windowMs: number) => Promise<Deploy[]>) | null;
  fetch?: typeof fetch;
}

const PER_PAGE = 100;
/** Pages followed per list at most: a busy repository's 2 hours fit well inside. */
const MAX_PAGES = 5;

interface GitHubDeployment { id: number; ref: string; sha: string; environment: string | null; description: string | null; created_at: string; creator?: { login?: string } | null }
interface GitHubRelease { id: number; tag_name: string; name: string | null; html_url: string | null; published_at: string | null; created_at: string; draft?: boolean }

export function createChangesSource(opts: ChangesOptions): DiagnosticsSource {
  const token = () => opts.github.token?.reveal();
  return {
    name: 'changes',
    configured: () => token() !== undefined || opts.webhookDeploys !== null,
    ask(subject) {
      if (subject.service === null && subject.repository === null) return { ok: false, reason: 'the incident has no service' };
      const repository = token() !== undefined ? subject.repository : null;
      if (repository === null && (opts.webhookDeploys === null || subject.service === null)) {
        return { ok: false, reason: `no repository for service ${subject.service ?? '(none)'} (routing.repositories)` };
      }
      return { ok: true, query: { service: subject.service, repository, windowMs: opts.windowMs() } };
    },
    async fetch(query, { signal, now }) {
      const windowMs = Number(query.windowMs);
      const since = now().getTime() - windowMs;
      const deploys: Deploy[] = [];
      const problems: string[] = [];
      const repository = typeof query.repository === 'string' ? query.repository : null;
      const service = typeof query.service === 'string' ? query.service : null;
      const parts: Array<Promise<PortResult<Deploy[]>>> = [];
      if (repository !== null) {
        parts.push(githubList<GitHubDeployment>(opts, `/repos/${repository}/deployments`, since, (d) => d.created_at, signal).then((r) =>
          r.ok ? { ok: true, value: r.value.map((d) => deploymentOf(d, repository, service)) } : r));
        parts.push(githubList<GitHubRelease>(opts, `/repos/${repository}/releases`, since, (rel) => rel.published_at ?? rel.created_at, signal).then((r) =>
          r.ok ? { ok: true, value: r.value.filter((rel) => !rel.draft).map((rel) => releaseOf(rel, repository, service)) } : r));
      }
      if (opts.webhookDeploys && service !== null) {
        parts.push(opts.webhookDeploys(service, windowMs).then((value) => ({ ok: true as const, value })).catch(() => ({ ok: false as const, error: { kind: 'retry' as const, message: 'deploy webhook events could not be read' } })));
      }
      const results = await Promise.all(parts);
      // Every list failed: the source failed (a 429 is honoured as such); some failed: say which part is missing.
      if (results.length > 0 && results.every((r) => !r.ok)) return results[0]!;
      for (const r of results) {
        if (r.ok) deploys.push(...r.value);
        else problems.push(`some deploys (${/HTTP (\d{3})/.exec(r.error.message)?.[0] ?? 'no answer'})`);
      }
      deploys.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
      return { ok: true, value: { finding: { source: 'changes', windowMs, deploys: deploys.filter((d) => Date.parse(d.at) >= since).slice(0, 20) }, problems } };
    },
  };
}

/** A GitHub list, newest first, page by page until an item older than `since` or the last page. */
async function githubList<T>(opts: ChangesOptions, path: string, since: number, at: (item: T) => string, signal: AbortSignal): Promise<PortResult<T[]>> {
  const token = opts.github.token?.reveal();
  const out: T[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const r = await vendorCall<T[]>({
      vendor: 'github', baseUrl: opts.github.apiUrl, path, query: { per_page: PER_PAGE, page }, signal,
      headers: { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      secrets: token ? [token] : [], ...(opts.fetch && { fetch: opts.fetch }),
    });
    if (!r.ok) return r;
    const items = Array.isArray(r.value.body) ? r.value.body : [];
    out.push(...items);
    const older = items.some((i) => Date.parse(at(i)) < since);
    const next = /<[^>]*>;\s*rel="next"/.test(r.value.headers.get('link') ?? '');
    if (older || !next || items.length === 0) break;
  }
  return { ok: true, value: out };
}

function deploymentOf(d: GitHubDeployment, repository: string, service: string | null): Deploy {
  return {
    at: d.created_at, service, repository, environment: d.environment ?? null, version: d.ref || d.sha.slice(0, 12),
    description: d.description ?? null, url: null, via: 'github-deployment',
  };
}

function releaseOf(r: GitHubRelease, repository: string, service: string | null): Deploy {
  return {
    at: r.published_at ?? r.created_at, service, repository, environment: null, version: r.tag_name,
    description: r.name ?? null, url: r.html_url ?? null, via: 'github-release',
  };
}
