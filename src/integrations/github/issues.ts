// GitHub: follow-ups as issues in one repository — created with a marker in the body (a retry finds
// the issue it already made instead of opening a second), read back for their state. Plain REST
// through vendorCall (timeouts, 429/5xx/4xx as the outbox expects, the token cut from errors).
import type { Secret } from '../../config/secret.js';
import type { IssueTracker, PortResult, TrackedIssue } from '../../effects/ports.js';
import { vendorCall, type VendorRequest } from '../http.js';

const API_VERSION = '2022-11-28';
/** Recent issues looked through for a marker: a retry comes soon after the lost answer. */
const MARKER_SEARCH = 100;

export interface GitHubIssuesOptions {
  token: Secret;
  apiUrl: string;
  /** `owner/repo`. */
  repository: string;
  /** Labels put on every follow-up issue (and used to find them again). */
  labels: readonly string[];
  fetch?: typeof fetch;
}

type Issue = { number: number; html_url: string; state: string; body?: string | null; pull_request?: unknown };

/** Below the text: how the follow-up is marked done, and the marker, hidden in an HTML comment. */
export const issueBody = (lines: readonly string[], marker: string) =>
  [...lines, '', 'Closing this issue marks the follow-up done in Firebreak.', '', `<!-- ${marker} -->`].join('\n');

export function createGitHubIssues(opts: GitHubIssuesOptions): IssueTracker {
  const token = opts.token.reveal();
  const call = <T>(req: Pick<VendorRequest, 'path' | 'method' | 'body' | 'query'>) =>
    vendorCall<T>({
      vendor: 'github', baseUrl: opts.apiUrl, ...req, secrets: [token],
      headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'x-github-api-version': API_VERSION, 'user-agent': 'firebreak' },
      ...(opts.fetch && { fetch: opts.fetch }),
    });
  const repo = `/repos/${opts.repository}`;
  const tracked = (i: Issue): TrackedIssue => ({ key: `${opts.repository}#${i.number}`, url: i.html_url, state: i.state === 'closed' ? 'closed' : 'open' });
  const value = <T, U>(r: PortResult<{ body: T }>, map: (b: T) => U): PortResult<U> => (r.ok ? { ok: true, value: map(r.value.body) } : r);

  return {
    system: 'github',
    where: opts.repository,
    async findByMarker(marker) {
      const r = await call<Issue[]>({
        path: `${repo}/issues`,
        query: { state: 'all', per_page: MARKER_SEARCH, sort: 'created', direction: 'desc', ...(opts.labels.length > 0 && { labels: opts.labels.join(',') }) },
      });
      return value(r, (issues) => {
        const found = issues.find((i) => i.pull_request === undefined && (i.body ?? '').includes(marker));
        return found ? tracked(found) : null;
      });
    },
    async create({ title, lines, marker }) {
      const r = await call<Issue>({ path: `${repo}/issues`, method: 'POST', body: { title, body: issueBody(lines, marker), labels: opts.labels } });
      return value(r, tracked);
    },
    async get(key) {
      // `owner/repo#12`, read where it was made (the configured repository may have changed since).
      const m = /^([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)#([1-9][0-9]{0,15})$/.exec(key);
      if (!m) return { ok: false, error: { kind: 'give-up', message: `github: unreadable issue key ${key}` } };
      const r = await call<Issue>({ path: `/repos/${m[1]}/issues/${m[2]}` });
      return value(r, (i) => ({ ...tracked(i), key }));
    },
  };
}
