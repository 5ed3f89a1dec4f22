// Tests: 20261208124000_followup_trackers.sql moves the single `followups.external` link a follow-up
// had (GitHub issues, before Jira) into followup_links, so a follow-up linked before the upgrade stays
// linked — not given a second GitHub issue — and can be linked in Jira beside it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsDir } from '../../../src/store/migrate.js';
import { addFollowup, followupByExternal, followupsToSync, listFollowups, setFollowupExternal } from '../../../src/store/reports.js';
import type { SqlTransport } from '../../../src/store/transport.js';
import { openTestEmbedded } from '../../support/store/embedded.js';

const actor = { id: 'U0ONE', team: null, via: 'slack' as const };
let store: SqlTransport;
beforeAll(async () => {
  store = await openTestEmbedded();
  await store.query(`insert into workflows (id, kind, machine_version, version, status, snapshot, summary) values ('inc_mig1', 'incident', 1, 1, 'active', '{}', '{}')`);
  await store.query(`insert into incidents (id, title, service, severity, correlation_key, declared_by) values ('inc_mig1', 'Checkout down', 'checkout', 'sev1', 'k', 'U0ONE')`);
}, 60_000);
afterAll(async () => {
  await store?.close();
});

describe('follow-up links across the upgrade to several trackers', () => {
  it('keeps the GitHub issue a follow-up was linked to before, and links Jira beside it', async () => {
    const linked = (await addFollowup(store, 'inc_mig1', { text: 'Linked before', owner: null, due: null }, actor))!;
    const bare = (await addFollowup(store, 'inc_mig1', { text: 'Not linked', owner: null, due: null }, actor))!;
    // The table as the earlier migrations left it, with one link made then.
    await store.exec(`drop table followup_links; alter table followups add column external jsonb;`);
    await store.query(`update followups set external = '{"system":"github","key":"acme/ops#12","url":"https://github.test/acme/ops/issues/12"}' where id = $1`, [linked.id]);
    await store.exec(readFileSync(join(migrationsDir(), '20261208124000_followup_trackers.sql'), 'utf8'));

    const [a, b] = await listFollowups(store, 'inc_mig1');
    const github = { system: 'github', key: 'acme/ops#12', url: 'https://github.test/acme/ops/issues/12' };
    expect([a!.external, a!.externals]).toEqual([github, [github]]);
    expect([b!.external, b!.externals]).toEqual([null, []]);
    expect((await followupByExternal(store, 'github', 'acme/ops#12'))?.id).toBe(linked.id);

    await setFollowupExternal(store, linked.id, { system: 'jira', key: 'OPS-3', url: 'https://acme.atlassian.net/browse/OPS-3' });
    const both = (await listFollowups(store, 'inc_mig1'))[0]!;
    expect(both.external).toEqual(github);
    expect(both.externals.map((e) => e.key)).toEqual(['acme/ops#12', 'OPS-3']);
    // Each tracker's sync sees both: GitHub reads #12 and makes one for the other; Jira the same.
    expect((await followupsToSync(store, 'github')).map((f) => [f.id, f.externals.length])).toEqual([[linked.id, 2], [bare.id, 0]]);
    expect((await followupsToSync(store, 'jira')).map((f) => f.id)).toEqual([linked.id, bare.id]);
    // One issue belongs to one follow-up.
    await expect(setFollowupExternal(store, bare.id, { system: 'jira', key: 'OPS-3', url: 'x' })).rejects.toThrow(/followup_links_issue/);
  });

  it('leaves an old follow-up without a link in a tracker alone there, but keeps syncing one it links', async () => {
    const old = (await addFollowup(store, 'inc_mig1', { text: 'Old', owner: null, due: null }, actor))!;
    await store.query(`update followups set created_at = now() - interval '40 days' where id = $1`, [old.id]);
    expect((await followupsToSync(store, 'jira')).map((f) => f.id)).not.toContain(old.id);
    await setFollowupExternal(store, old.id, { system: 'github', key: 'acme/ops#40', url: 'https://github.test/acme/ops/issues/40' });
    expect((await followupsToSync(store, 'github')).map((f) => f.id)).toContain(old.id);
    expect((await followupsToSync(store, 'jira')).map((f) => f.id)).not.toContain(old.id);
  });
});
