// GitHub: the post-mortem draft as a file in a repository (PUT /repos/{o}/{r}/contents/{path}) —
// created, or updated in place (its current blob sha read first), so publishing again is safe.
import type { Secret } from '../../config/secret.js';
import type { DocumentStore, PortResult } from '../../effects/ports.js';
import { vendorCall, type VendorRequest } from '../http.js';

const API_VERSION = '2022-11-28';

export interface GitHubDocumentsOptions {
  token: Secret;
  apiUrl: string;
  /** `owner/repo`. */
  repository: string;
  /** Branch to commit to; the repository's default when null. */
  branch: string | null;
  fetch?: typeof fetch;
}

export function createGitHubDocuments(opts: GitHubDocumentsOptions): DocumentStore {
  const token = opts.token.reveal();
  const call = <T>(req: Pick<VendorRequest, 'path' | 'method' | 'body' | 'query' | 'answerStatuses'>) =>
    vendorCall<T>({
      vendor: 'github', baseUrl: opts.apiUrl, ...req, secrets: [token],
      headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'x-github-api-version': API_VERSION, 'user-agent': 'firebreak' },
      ...(opts.fetch && { fetch: opts.fetch }),
    });
  const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

  return {
    where: opts.repository,
    async put(path, content, message): Promise<PortResult<{ url: string }>> {
      const at = `/repos/${opts.repository}/contents/${encodePath(path)}`;
      // 404: no such file yet — then it is created, without a sha.
      const current = await call<{ sha?: string } | null>({ path: at, ...(opts.branch && { query: { ref: opts.branch } }), answerStatuses: [404] });
      if (!current.ok) return current;
      const sha = current.value.status === 200 ? current.value.body?.sha : undefined;
      const r = await call<{ content?: { html_url?: string } }>({
        path: at, method: 'PUT',
        body: {
          message, content: Buffer.from(content).toString('base64'),
          ...(sha !== undefined && { sha }), ...(opts.branch && { branch: opts.branch }),
        },
      });
      if (!r.ok) return r;
      return { ok: true, value: { url: r.value.body.content?.html_url ?? `${opts.repository}/${path}` } };
    },
  };
}
