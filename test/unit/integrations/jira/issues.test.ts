// Tests: the Jira follow-up tracker's edges — what each failure means to the sync (429 waits its
// Retry-After, 5xx retries, 401 gives up), never a credential in an error, JQL strings escaped, and
// the description built as Atlassian Document Format with the text as data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import { adfText, toAdf } from '../../../../src/integrations/jira/adf.js';
import { createJiraIssues, jqlString, markerJql } from '../../../../src/integrations/jira/issues.js';
import { startFakeJira, type FakeJira } from '../../../support/fake-jira.js';

const EMAIL = 'bot@acme.example';
const TOKEN = 'ATATT3xUnitJiraToken0123456789';

let jira: FakeJira;
beforeAll(async () => {
  jira = await startFakeJira({ email: EMAIL, token: TOKEN });
});
afterAll(async () => {
  await jira?.close();
});
const tracker = (token = TOKEN) => createJiraIssues({ url: `${jira.base}/`, email: EMAIL, apiToken: new Secret(token), project: 'OPS', issueType: 'Task', labels: [] });

describe('Jira issues tracker', () => {
  it('is the jira tracker of its project, and creates issues with the configured labels (none here)', async () => {
    const t = tracker();
    expect([t.system, t.where]).toEqual(['jira', 'OPS']);
    const created = await t.create({ title: 'T', lines: ['x'], marker: 'firebreak-followup:inc_u:1' });
    expect(created).toEqual({ ok: true, value: { key: expect.stringMatching(/^OPS-\d+$/), url: expect.stringMatching(/\/browse\/OPS-\d+$/), state: 'open' } });
    expect(created.ok && created.value.url).not.toContain('//browse');
    // No label configured: the search is the project and the marker.
    expect(markerJql('OPS', undefined, 'm:1')).toBe('project = "OPS" AND description ~ "\\"m:1\\"" ORDER BY created DESC');
  });

  it('maps a 429 to rate-limited after Retry-After, a 5xx to retry and a refused token to give-up, with no credential in the message', async () => {
    const basic = Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64');
    jira.failNext({ status: 429, body: { errorMessages: ['Rate limit exceeded'] }, headers: { 'retry-after': '7' } });
    expect(await tracker().get('OPS-1')).toEqual({ ok: false, error: { kind: 'rate-limited', message: expect.stringContaining('HTTP 429'), retryAfterMs: 7000 } });
    jira.failNext({ status: 500, body: `oops ${TOKEN} ${basic}` });
    const failed = await tracker().findByMarker('firebreak-followup:inc_u:2');
    expect(failed).toMatchObject({ ok: false, error: { kind: 'retry' } });
    expect(JSON.stringify(failed)).not.toContain(TOKEN);
    expect(JSON.stringify(failed)).not.toContain(basic);
    expect(await tracker('wrong-token-000').get('OPS-1')).toMatchObject({ ok: false, error: { kind: 'give-up', message: expect.stringContaining('HTTP 401') } });
  });

  it('refuses a key that is not a Jira issue key without calling Jira', async () => {
    const before = jira.seen.length;
    expect(await tracker().get('OPS-1/../../myself')).toEqual({ ok: false, error: { kind: 'give-up', message: 'jira: unreadable issue key OPS-1/../../myself' } });
    expect(jira.seen.length).toBe(before);
  });
});

describe('JQL and ADF', () => {
  it('quotes JQL strings with their quotes and backslashes escaped', () => {
    expect(jqlString('a "b" \\ c')).toBe('"a \\"b\\" \\\\ c"');
  });

  it('builds paragraphs with hard breaks, links only http(s) URLs, never an empty text node, and reads back as the text', () => {
    const doc = toAdf(['Fix <b>it</b> [x](javascript:alert(1))', '', 'See https://fb.example/incidents/4 (console)', 'Owner: U1', '', ''], { label: 'Firebreak: ', text: 'firebreak-followup:inc_a:1' });
    expect(doc.content).toHaveLength(3);
    expect(doc.content[0]!.content).toEqual([{ type: 'text', text: 'Fix <b>it</b> [x](javascript:alert(1))' }]);
    expect(doc.content[1]!.content).toEqual([
      { type: 'text', text: 'See ' },
      { type: 'text', text: 'https://fb.example/incidents/4', marks: [{ type: 'link', attrs: { href: 'https://fb.example/incidents/4' } }] },
      { type: 'text', text: ' (console)' },
      { type: 'hardBreak' },
      { type: 'text', text: 'Owner: U1' },
    ]);
    expect(JSON.stringify(doc)).not.toContain('"text":""');
    expect(adfText(doc)).toBe('Fix <b>it</b> [x](javascript:alert(1))\n\nSee https://fb.example/incidents/4 (console)\nOwner: U1\n\nFirebreak: firebreak-followup:inc_a:1');
  });
});
