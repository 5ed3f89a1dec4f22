// Test support: Jira Cloud's REST API v3 on loopback, the parts follow-ups use — create an issue,
// the enhanced JQL search (project, labels and a description phrase, as Firebreak asks), read an
// issue's status — with issues kept in memory, basic auth checked, and failures on demand.
import { startFakeVendor, type FakeAnswer, type FakeVendor, type SeenRequest } from './fake-vendor.js';

export interface FakeJiraIssue {
  key: string;
  project: string;
  issueType: string;
  summary: string;
  labels: string[];
  description: unknown;
  /** The status category's key: new, indeterminate, done. */
  category: 'new' | 'indeterminate' | 'done';
}

export interface FakeJira {
  base: string;
  seen: SeenRequest[];
  issues: FakeJiraIssue[];
  /** The next `count` requests (of `path`, when given) answer this instead. */
  failNext(answer: FakeAnswer, opts?: { count?: number; path?: string }): void;
  /** The next create makes the issue, then answers 502: the answer is lost on the way back. */
  loseNextCreateAnswer(): void;
  move(key: string, category: FakeJiraIssue['category']): void;
  close(): Promise<void>;
}

const CATEGORY_NAMES = { new: 'To Do', indeterminate: 'In Progress', done: 'Done' } as const;

/** All text of an ADF node, as the search index would see it. */
function textOf(node: unknown): string {
  if (node === null || typeof node !== 'object') return '';
  const n = node as { text?: unknown; content?: unknown };
  return [typeof n.text === 'string' ? n.text : '', ...(Array.isArray(n.content) ? n.content.map(textOf) : [])].join(' ');
}

/** The clauses Firebreak writes: project = "X" AND labels = "y" AND description ~ "\"phrase\"" ORDER BY …. */
function matches(jql: string, issue: FakeJiraIssue): boolean {
  const unquote = (s: string) => s.replace(/\\(.)/g, '$1');
  const where = jql.split(/ ORDER BY /i)[0]!;
  return where.split(' AND ').every((clause) => {
    const m = /^(\w+) (=|~) "((?:[^"\\]|\\.)*)"$/.exec(clause.trim());
    if (!m) throw new Error(`fake Jira: unreadable JQL clause ${clause}`);
    const [, field, op, raw] = m;
    const value = unquote(raw!);
    if (field === 'project' && op === '=') return issue.project === value;
    if (field === 'labels' && op === '=') return issue.labels.includes(value);
    // A phrase search ignores punctuation: compare words only.
    const words = (s: string) => s.toLowerCase().split(/[^a-z0-9_]+/).filter(Boolean).join(' ');
    if (field === 'description' && op === '~') return ` ${words(textOf(issue.description))} `.includes(` ${words(value.replace(/^"|"$/g, ''))} `);
    throw new Error(`fake Jira: unsupported JQL clause ${clause}`);
  });
}

export async function startFakeJira(auth: { email: string; token: string }): Promise<FakeJira> {
  const issues: FakeJiraIssue[] = [];
  const failures: Array<{ answer: FakeAnswer; path?: string }> = [];
  let loseCreate = false;
  let made = 0;
  const expected = `Basic ${Buffer.from(`${auth.email}:${auth.token}`).toString('base64')}`;
  const view = (i: FakeJiraIssue, fields: string[]) => ({
    id: String(10_000 + Number(i.key.split('-')[1])), key: i.key, self: `${vendor.base}/rest/api/3/issue/${i.key}`,
    fields: {
      ...(fields.includes('status') && { status: { name: CATEGORY_NAMES[i.category], statusCategory: { key: i.category, name: CATEGORY_NAMES[i.category] } } }),
      ...(fields.includes('description') && { description: i.description }),
    },
  });

  const vendor: FakeVendor = await startFakeVendor((req) => {
    if (req.headers.authorization !== expected) return { status: 401, body: { errorMessages: ['You are not authenticated.'] } };
    const failure = failures.findIndex((f) => f.path === undefined || f.path === req.path);
    if (failure >= 0) return failures.splice(failure, 1)[0]!.answer;
    if (req.method === 'POST' && req.path === '/rest/api/3/issue') {
      const { fields } = req.body as { fields: { project: { key: string }; issuetype: { name: string }; summary: string; labels?: string[]; description: unknown } };
      const key = `${fields.project.key}-${++made}`;
      issues.push({ key, project: fields.project.key, issueType: fields.issuetype.name, summary: fields.summary, labels: fields.labels ?? [], description: fields.description, category: 'new' });
      if (loseCreate) {
        loseCreate = false;
        return { status: 502, body: '<html>Bad gateway</html>' };
      }
      return { status: 201, body: { id: String(10_000 + made), key, self: `${vendor.base}/rest/api/3/issue/${key}` } };
    }
    const fields = (req.query.get('fields') ?? '').split(',');
    if (req.method === 'GET' && req.path === '/rest/api/3/search/jql') {
      const jql = req.query.get('jql') ?? '';
      const found = issues.filter((i) => matches(jql, i)).reverse().slice(0, Number(req.query.get('maxResults') ?? 50));
      return { status: 200, body: { issues: found.map((i) => view(i, fields)), isLast: true } };
    }
    const one = /^\/rest\/api\/3\/issue\/([A-Z][A-Z0-9_]*-\d+)$/.exec(req.path);
    if (req.method === 'GET' && one) {
      const issue = issues.find((i) => i.key === one[1]);
      return issue ? { status: 200, body: view(issue, fields) } : { status: 404, body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'] } };
    }
    return { status: 404, body: { errorMessages: [`fake Jira: no route ${req.method} ${req.path}`] } };
  });

  return {
    get base() { return vendor.base; },
    seen: vendor.seen,
    issues,
    failNext: (answer, opts = {}) => {
      for (let i = 0; i < (opts.count ?? 1); i++) failures.push({ answer, ...(opts.path !== undefined && { path: opts.path }) });
    },
    loseNextCreateAnswer: () => { loseCreate = true; },
    move: (key, category) => { issues.find((i) => i.key === key)!.category = category; },
    close: () => vendor.close(),
  };
}
