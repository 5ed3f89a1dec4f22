// Bench support: stores to measure on (a fresh PGlite dir, a fresh PostgreSQL database) and figures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Secret } from '../src/config/secret.js';
import { openTransport } from '../src/store/open.js';
import type { Transport } from '../src/store/transport.js';

export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function withStore<T>(kind: 'embedded' | 'postgres', fn: (store: Transport) => Promise<T>): Promise<T> {
  if (kind === 'embedded') {
    const dir = mkdtempSync(join(tmpdir(), 'fb-bench-'));
    const store = await openTransport({ kind: 'embedded', dataDir: dir });
    try {
      return await fn(store);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const name = `firebreak_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const store = await openTransport({ kind: 'postgres', url: new Secret(url.toString()) });
  try {
    return await fn(store);
  } finally {
    await store.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/** A fresh, empty store for a server to open by itself: the env that points at it, and its removal. */
export async function freshStoreEnv(kind: 'embedded' | 'postgres'): Promise<{ env: Record<string, string>; cleanup(): Promise<void> }> {
  if (kind === 'embedded') {
    const dir = mkdtempSync(join(tmpdir(), 'fb-bench-'));
    return { env: { FIREBREAK_DATA_DIR: dir }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `firebreak_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    async cleanup() {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function inParallel(count: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/** One JSON line per figure, so the orchestrator can tabulate it. */
export function report(figure: Record<string, unknown>): void {
  process.stdout.write(`FIGURE ${JSON.stringify(figure)}\n`);
}
