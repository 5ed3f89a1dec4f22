// Tests: publishing the post-mortem draft on resolve — to a GitHub repository file (created, or
// updated with its sha; nock) and, through the real engine, in the channel and the repository, each
// part once: a repository failure is retried without sharing the file in the channel again.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/config/secret.js';
import type { DocumentStore } from '../../../src/effects/ports.js';
import { createGitHubDocuments } from '../../../src/integrations/github/postmortem.js';
import { genericWebhook } from '../../../src/integrations/generic/webhook.js';
import { listTimeline } from '../../../src/store/workflows.js';
import { openScripted, type Scripted } from '../../support/reports/scripted.js';

const API = 'https://github.test';
const TOKEN = 'ghp_publish_test_token_0123456789';
const docs = createGitHubDocuments({ token: new Secret(TOKEN), apiUrl: API, repository: 'acme/ops', branch: 'main' });

describe('GitHub repository file', () => {
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  it('creates the file when there is none, and replaces it with its sha when there is', async () => {
    let created: Record<string, unknown> | null = null;
    nock(API, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
      .get('/repos/acme/ops/contents/postmortems/incident-1.md').query({ ref: 'main' }).reply(404, { message: 'Not Found' })
      .put('/repos/acme/ops/contents/postmortems/incident-1.md', (b: Record<string, unknown>) => ((created = b), true))
      .reply(201, { content: { html_url: 'https://github.test/acme/ops/blob/main/postmortems/incident-1.md' } });
    const first = await docs.put('postmortems/incident-1.md', new TextEncoder().encode('# Post-mortem ✍️\n'), 'Post-mortem draft for incident #1');
    expect(first).toEqual({ ok: true, value: { url: 'https://github.test/acme/ops/blob/main/postmortems/incident-1.md' } });
    expect(created).toEqual({ message: 'Post-mortem draft for incident #1', content: Buffer.from('# Post-mortem ✍️\n').toString('base64'), branch: 'main' });

    let updated: Record<string, unknown> | null = null;
    nock(API)
      .get('/repos/acme/ops/contents/postmortems/incident-1.md').query(true).reply(200, { sha: 'abc123' })
      .put('/repos/acme/ops/contents/postmortems/incident-1.md', (b: Record<string, unknown>) => ((updated = b), true)).reply(200, { content: {} });
    expect((await docs.put('postmortems/incident-1.md', new Uint8Array([65]), 'again')).ok).toBe(true);
    expect(updated).toMatchObject({ sha: 'abc123', branch: 'main' });
  });

  it('answers a refusal as give-up and a GitHub outage as retry, without the token', async () => {
    nock(API).get(/contents/).query(true).reply(404, {}).put(/contents/).reply(409, { message: `sha mismatch ${TOKEN}` });
    const conflict = await docs.put('p.md', new Uint8Array([1]), 'm');
    expect(!conflict.ok && conflict.error.kind).toBe('give-up');
    expect(JSON.stringify(conflict)).not.toContain(TOKEN);
    nock(API).get(/contents/).query(true).reply(503, 'down');
    const down = await docs.put('p.md', new Uint8Array([1]), 'm');
    expect(!down.ok && down.error.kind).toBe('retry');
  });
});

describe('the draft published on resolve', () => {
  let s: Scripted;
  const puts: Array<{ path: string; text: string }> = [];
  let failures = 1;
  const store: DocumentStore = {
    where: 'acme/ops',
    async put(path, content) {
      if (failures-- > 0) return { ok: false, error: { kind: 'retry', message: 'github is down' } };
      puts.push({ path, text: new TextDecoder().decode(content) });
      return { ok: true, value: { url: `https://github.test/acme/ops/blob/main/${path}` } };
    },
  };

  beforeAll(async () => {
    s = await openScripted('2026-12-01T10:00:00.000Z', 'routing:\n  defaults: { declare: sev2 }\n', { documents: { store, path: 'postmortems/incident-{number}.md' } });
  }, 120_000);
  afterAll(async () => s?.close());

  it('shares it in the channel once and commits it once the repository answers', async () => {
    await s.at(0);
    const parsed = genericWebhook.parse({}, { key: 'k1', status: 'firing', title: 'Queue backlog', severity: 'critical', service: 'queue' });
    if (!parsed.ok) throw new Error('fixture must parse');
    const id = (await s.incidents.ingest('generic', { deliveryId: null, alerts: parsed.value.alerts, external: [] })).alerts[0]!.incident_id!;
    await s.at(60_000);
    const found = await s.incidents.read(id);
    expect((await s.incidents.apply(found!, { kind: 'resolve', summary: 'Drained the queue' }, { id: 'U0ONE', team: null, via: 'drill' })).ok).toBe(true);
    await s.at(10 * 60_000);
    const entries = (await listTimeline(s.store, id)).filter((t) => t.kind.startsWith('postmortem.'));
    expect(entries.map((t) => t.kind)).toEqual(['postmortem.drafted', 'postmortem.published']);
    expect(puts).toHaveLength(1);
    expect(puts[0]!.path).toBe('postmortems/incident-1.md');
    expect(puts[0]!.text.split('\n')[0]).toBe('# Post-mortem: #1 Queue backlog');
    expect(entries[1]!.data).toMatchObject({ url: 'https://github.test/acme/ops/blob/main/postmortems/incident-1.md', path: 'postmortems/incident-1.md' });
  });
});
