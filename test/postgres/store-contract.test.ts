// Store contract and migrations on the real PostgreSQL server (a fresh database per suite).
import { afterAll, describe, expect, it } from 'vitest';
import { latestMigrationVersion, listMigrations, migrate } from '../../src/store/migrate.js';
import { openTransport } from '../../src/store/open.js';
import { openPostgres } from '../../src/store/transports/postgres.js';
import { describeTransportContract } from '../support/store/contract.js';
import { openTestPostgres, type TestPostgres } from '../support/store/postgres.js';

describeTransportContract('postgres', () => openTestPostgres());

describe('migrations on PostgreSQL', () => {
  const dbs: TestPostgres[] = [];
  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.close()));
  });
  const fresh = async () => {
    const db = await openTestPostgres({ migrate: false });
    dbs.push(db);
    return db;
  };

  it('applies every migration once, however many replicas start together', async () => {
    const db = await fresh();
    const replicas = Array.from({ length: 4 }, () => openPostgres(db.url, { poolSize: 2 }));
    try {
      const applied = await Promise.all(replicas.map((r) => migrate(r)));
      // Each file was applied by exactly one of them.
      expect(applied.flat().sort()).toEqual(listMigrations().map((m) => m.version));
    } finally {
      await Promise.all(replicas.map((r) => r.close()));
    }
    expect(await migrate(db)).toEqual([]);
    expect(await db.rpc('fb_schema_version')).toBe(latestMigrationVersion());
  });

  it('opens through openTransport with the URL kept secret', async () => {
    const db = await fresh();
    const t = await openTransport({ kind: 'postgres', url: { reveal: () => db.url }, poolSize: 2 });
    try {
      expect(await t.rpc('fb_engine_stats')).toMatchObject({ workflows_active: 0 });
    } finally {
      await t.close();
    }
  });

  it('refuses a database with a recorded version newer than this code knows', async () => {
    const db = await fresh();
    await migrate(db);
    await db.exec(`insert into firebreak_migrations (version, name) values ('29990101000000', 'from_the_future')`);
    await expect(migrate(db)).rejects.toMatchObject({
      kind: 'schema',
      message: `database schema is at 29990101000000, newer than this Firebreak (knows up to ${latestMigrationVersion()}): upgrade Firebreak or point it at another database`,
    });
  });

  it('maps a missing database to unavailable without the password', async () => {
    const t = openPostgres('postgres://postgres:not-the-password@127.0.0.1:5432/firebreak_no_such_db');
    try {
      const err = await t.rpc('fb_engine_stats').catch((e: unknown) => e);
      expect(err).toMatchObject({ kind: 'unavailable', message: expect.stringContaining('3D000') });
      expect((err as Error).message).not.toContain('not-the-password');
    } finally {
      await t.close();
    }
  });
});
