// Store: the postgres transport's failures, without a server — classified, and never the password.
import { describe, expect, it } from 'vitest';
import { openPostgres } from '../../../src/store/transports/postgres.js';

describe('postgres transport errors', () => {
  it('reports a refused connection as unavailable without the connection string or password', async () => {
    const url = 'postgres://firebreak:hunter2-secret@127.0.0.1:1/firebreak';
    const t = openPostgres(url, { connectTimeoutMs: 2_000 });
    try {
      const err = await t.rpc('fb_engine_stats').catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'StoreError', kind: 'unavailable' });
      const shown = JSON.stringify({ message: (err as Error).message, cause: (err as Error).cause, stack: (err as Error).stack });
      expect(shown).not.toContain('hunter2');
      expect(shown).toContain('ECONNREFUSED');
    } finally {
      await t.close();
    }
  });

  it('redacts the connection string from an unparsable-URL failure', async () => {
    const t = openPostgres('postgres://user:pa ss@/%zz', { connectTimeoutMs: 1_000 });
    try {
      const err = await t.query('select 1').catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'StoreError' });
      expect(String((err as Error).message)).not.toContain('pa ss');
    } finally {
      await t.close();
    }
  });
});
