// Test support: a fresh database on the real PostgreSQL server per call, dropped on close.
//
//   const db = await openTestPostgres();   // firebreak_test_<random>, migrated
//   db.url                                 // its connection string, e.g. for a child process
//   await db.close();                      // closes the pool and drops the database
//
// The server comes from DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); the user
// must be allowed to CREATE DATABASE. Used by the suite in vitest.postgres.config.ts.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../../src/store/migrate.js';
import { openPostgres, type PostgresOptions, type PostgresTransport } from '../../../src/store/transports/postgres.js';

export interface TestPostgres extends PostgresTransport {
  readonly url: string;
  readonly database: string;
}

export function testServerUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

export async function openTestPostgres(options: PostgresOptions & { migrate?: boolean } = {}): Promise<TestPostgres> {
  const database = `firebreak_test_${randomBytes(6).toString('hex')}`;
  await admin(`create database ${database}`);
  const url = withDatabase(testServerUrl(), database);
  const store = openPostgres(url, options);
  try {
    if (options.migrate !== false) await migrate(store);
  } catch (err) {
    await store.close();
    await admin(`drop database if exists ${database} with (force)`);
    throw err;
  }
  return {
    ...store,
    url,
    database,
    async close() {
      await store.close();
      await admin(`drop database if exists ${database} with (force)`);
    },
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs `sql` on the server's own database as the suite's user (CREATE DATABASE, CREATE ROLE …). */
export async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
