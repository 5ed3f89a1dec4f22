// Store contract on the supabase transport: real supabase-js against a loopback PostgREST stand-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSupabaseSchema, openTransport } from '../../../src/store/open.js';
import { latestMigrationVersion } from '../../../src/store/migrate.js';
import type { SqlTransport } from '../../../src/store/transport.js';
import { openSupabase } from '../../../src/store/transports/supabase.js';
import { describeTransportContract } from '../../support/store/contract.js';
import { openTestEmbedded } from '../../support/store/embedded.js';
import { startFakePostgrest, type FakePostgrest } from '../../support/store/fake-postgrest.js';

const KEY = 'service-role-key-do-not-print';
const secret = (value: string) => ({ reveal: () => value });

let db: SqlTransport;
let fake: FakePostgrest;
beforeAll(async () => {
  db = await openTestEmbedded();
  fake = await startFakePostgrest(db, KEY);
});
afterAll(async () => {
  await fake?.close();
  await db?.close();
});

describeTransportContract('supabase (supabase-js → fake PostgREST → PGlite)', async () => openSupabase({ url: fake.url, serviceRoleKey: KEY }));

describe('supabase transport', () => {
  it('sends the service role key as apikey and bearer token', async () => {
    const t = openSupabase({ url: fake.url, serviceRoleKey: KEY });
    await t.rpc('fb_engine_stats');
    expect(fake.requests.at(-1)).toEqual({ method: 'POST', path: '/rest/v1/rpc/fb_engine_stats', apikey: KEY, authorization: `Bearer ${KEY}` });
  });

  it('reports a 503 from PostgREST as unavailable', async () => {
    const t = openSupabase({ url: fake.url, serviceRoleKey: KEY });
    fake.failWith(503);
    try {
      await expect(t.rpc('fb_engine_stats')).rejects.toMatchObject({ name: 'StoreError', kind: 'unavailable' });
    } finally {
      fake.failWith(null);
    }
  });

  it('reports an unreachable server as unavailable', async () => {
    const t = openSupabase({ url: 'http://127.0.0.1:1', serviceRoleKey: KEY });
    await expect(t.rpc('fb_engine_stats')).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('rejects a wrong key without ever printing a key', async () => {
    const wrong = 'wrong-key-also-secret';
    const err = await openSupabase({ url: fake.url, serviceRoleKey: wrong }).rpc('fb_engine_stats').catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'rejected' });
    expect(JSON.stringify({ message: (err as Error).message, cause: (err as Error).cause })).not.toMatch(/secret|do-not-print/);
  });

  it('opens when the database is at this Firebreak\'s schema', async () => {
    const t = await openTransport({ kind: 'supabase', url: fake.url, serviceRoleKey: secret(KEY) });
    expect(await t.rpc('fb_schema_version')).toBe(latestMigrationVersion());
    await t.close();
  });

  it('refuses an older or newer schema, and a database without one, naming the fix', async () => {
    const t = openSupabase({ url: fake.url, serviceRoleKey: KEY });
    const setVersion = (v: string) =>
      db.exec(`create or replace function fb_schema_version() returns jsonb language sql immutable as $$ select to_jsonb('${v}'::text) $$`);
    const needed = latestMigrationVersion();
    try {
      await setVersion('20200101000000');
      await expect(checkSupabaseSchema(t)).rejects.toMatchObject({
        kind: 'schema',
        message: `the Supabase database is at schema 20200101000000, this Firebreak needs ${needed}: run \`supabase db push\``,
      });
      await setVersion('29991231000000');
      await expect(openTransport({ kind: 'supabase', url: fake.url, serviceRoleKey: secret(KEY) })).rejects.toMatchObject({
        kind: 'schema',
        message: expect.stringContaining('is at schema 29991231000000, newer than this Firebreak'),
      });
      await db.exec('drop function fb_schema_version()');
      await expect(checkSupabaseSchema(t)).rejects.toMatchObject({ kind: 'schema', message: expect.stringContaining('run `supabase db push`') });
    } finally {
      await setVersion(needed);
    }
  });
});
