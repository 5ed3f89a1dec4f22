// Jira: follow-ups as issues in one Jira Cloud project (REST API v3, basic auth with an account's
// email and API token) — created with a marker in the description so a retry finds the issue it
// already made (JQL on the project, a label and the marker as a phrase), read back for their state:
// an issue whose status is in the Done category is done. Plain REST through vendorCall (timeouts,
// 429/5xx/4xx as the outbox expects, the token cut from errors); answers parsed before use.
import { z } from 'zod';
import type { Secret } from '../../config/secret.js';
import type { IssueTracker, PortResult, TrackedIssue } from '../../effects/ports.js';
import { joinUrl, vendorCall, type VendorRequest } from '../http.js';
import { adfText, toAdf } from './adf.js';

/** Issues looked through for a marker: the search names the marker, so one is all it should find. */
const MARKER_SEARCH = 20;
const ISSUE_KEY = /^[A-Z][A-Z0-9_]*-[1-9][0-9]{0,15}$/;

export interface JiraIssuesOptions {
  /** JIRA_URL: the site, e.g. `https://acme.atlassian.net`. */
  url: string;
  /** JIRA_EMAIL: the account the API token belongs to. */
  email: string;
  /** JIRA_API_TOKEN. */
  apiToken: Secret;
  /** Project key, e.g. `OPS`. */
  project: string;
  /** Issue type name, e.g. `Task`. */
  issueType: string;
  /** Labels put on every follow-up issue; the first is part of the search that finds one again. */
  labels: readonly string[];
  fetch?: typeof fetch;
}

const statusCategory = z.object({ status: z.object({ statusCategory: z.object({ key: z.string() }) }) });
const issueSchema = z.object({ key: z.string().regex(ISSUE_KEY), fields: statusCategory });
const searchSchema = z.object({ issues: z.array(z.object({ key: z.string().regex(ISSUE_KEY), fields: statusCategory.extend({ description: z.unknown().optional() }) })) });
const createdSchema = z.object({ key: z.string().regex(ISSUE_KEY) });

/** A JQL string literal: quoted, with its quotes and backslashes escaped. */
export const jqlString = (s: string) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;

/** Issues of the project, with the label, whose description holds the marker as a phrase; newest first. */
export function markerJql(project: string, label: string | undefined, marker: string): string {
  return [
    `project = ${jqlString(project)}`,
    ...(label === undefined ? [] : [`labels = ${jqlString(label)}`]),
    `description ~ ${jqlString(`"${marker}"`)}`,
  ].join(' AND ') + ' ORDER BY created DESC';
}

export function createJiraIssues(opts: JiraIssuesOptions): IssueTracker {
  const token = opts.apiToken.reveal();
  const basic = Buffer.from(`${opts.email}:${token}`).toString('base64');
  const call = <T>(req: Pick<VendorRequest, 'path' | 'method' | 'body' | 'query'>) =>
    vendorCall<T>({
      vendor: 'jira', baseUrl: opts.url, ...req, secrets: [token, basic],
      headers: { authorization: `Basic ${basic}`, 'user-agent': 'firebreak' },
      ...(opts.fetch && { fetch: opts.fetch }),
    });
  const browse = (key: string) => joinUrl(opts.url, `/browse/${key}`);
  const tracked = (key: string, categoryKey: string): TrackedIssue => ({ key, url: browse(key), state: categoryKey === 'done' ? 'closed' : 'open' });
  /** The answer read through `schema`; one that is not what Jira documents is not acted on (tried again next run). */
  const parse = <S extends z.ZodType, U>(r: PortResult<{ body: unknown }>, schema: S, what: string, map: (b: z.output<S>) => U): PortResult<U> => {
    if (!r.ok) return r;
    const p = schema.safeParse(r.value.body);
    return p.success ? { ok: true, value: map(p.data) } : { ok: false, error: { kind: 'retry', message: `jira: unexpected answer to ${what}` } };
  };

  return {
    system: 'jira',
    where: opts.project,
    async findByMarker(marker) {
      // The enhanced search (GET /rest/api/3/search/jql); the text search is fuzzy, so the marker is checked exactly here.
      const r = await call({
        path: '/rest/api/3/search/jql',
        query: { jql: markerJql(opts.project, opts.labels[0], marker), fields: 'status,description', maxResults: MARKER_SEARCH },
      });
      return parse(r, searchSchema, 'the marker search', ({ issues }) => {
        const found = issues.find((i) => adfText(i.fields.description).includes(marker));
        return found ? tracked(found.key, found.fields.status.statusCategory.key) : null;
      });
    },
    async create({ title, lines, marker }) {
      const description = toAdf([...lines, '', 'Moving this issue to a Done status marks the follow-up done in Firebreak.'], { label: 'Firebreak: ', text: marker });
      const r = await call({
        path: '/rest/api/3/issue', method: 'POST',
        body: { fields: { project: { key: opts.project }, issuetype: { name: opts.issueType }, summary: title, description, labels: opts.labels } },
      });
      return parse(r, createdSchema, 'creating an issue', ({ key }) => tracked(key, 'new'));
    },
    async get(key) {
      if (!ISSUE_KEY.test(key)) return { ok: false, error: { kind: 'give-up', message: `jira: unreadable issue key ${key}` } };
      const r = await call({ path: `/rest/api/3/issue/${key}`, query: { fields: 'status' } });
      return parse(r, issueSchema, `reading ${key}`, (i) => tracked(i.key, i.fields.status.statusCategory.key));
    },
  };
}
