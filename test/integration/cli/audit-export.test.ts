// Integration: `firebreak audit export` on an embedded store — every entry as one JSON line, oldest
// first, across pages, cut by --since / --until (times or durations ago); bad bounds exit 2.
import { beforeAll, describe, expect, it } from 'vitest';
import { readWhen } from '../../../src/cli/audit.js';
import { runCli } from '../../../src/cli/command-line.js';
import { recordAudit } from '../../../src/store/audit.js';
import { copyTemplateDataDir, openTestEmbeddedAt } from '../../support/store/embedded.js';

let dataDir: string;
const ann = { id: 'U0ANN', team: 'T0ACME', via: 'slack' as const };

beforeAll(async () => {
  dataDir = await copyTemplateDataDir();
  const store = await openTestEmbeddedAt(dataDir);
  try {
    await recordAudit(store, { actor: ann, action: 'incident.resolve', subject: 'inc_1', params: { summary: 'rolled back' }, outcome: 'ok' });
    await recordAudit(store, { actor: { id: 'U0GUEST', team: 'T0ACME', via: 'slack' }, action: 'incident.resolve', subject: 'inc_1', outcome: 'refused:guest' });
    // Old entries, written as they would have been a week ago.
    await store.exec(`alter table audit_log disable trigger audit_log_no_change`);
    for (let i = 0; i < 1_205; i++) await recordAudit(store, { actor: ann, action: 'incident.note', subject: 'inc_0', params: { i }, outcome: 'ok' });
    await store.exec(`update audit_log set at = now() - interval '7 days' where action = 'incident.note'`);
    await store.exec(`alter table audit_log enable trigger audit_log_no_change`);
  } finally {
    await store.close();
  }
}, 120_000);

async function cli(args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(args, { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l) }, { FIREBREAK_DATA_DIR: dataDir });
  return { code, stdout, stderr };
}

describe('firebreak audit export', () => {
  it('writes every entry as one JSON line, oldest first, across pages', async () => {
    const { code, stdout, stderr } = await cli(['audit', 'export']);
    expect(stderr).toEqual([]);
    expect(code).toBe(0);
    const rows = stdout.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(1_207);
    const ids = rows.map((r) => r.id as number);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(rows.find((r) => r.outcome === 'refused:guest')).toEqual({
      id: expect.any(Number), at: expect.any(String), actor: 'U0GUEST', team: 'T0ACME', via: 'slack', action: 'incident.resolve', subject: 'inc_1', params: null, outcome: 'refused:guest',
    });
  });

  it('cuts by --since and --until', async () => {
    const recent = await cli(['audit', 'export', '--since', '24h']);
    expect(recent.stdout.map((l) => (JSON.parse(l) as { action: string }).action)).toEqual(['incident.resolve', 'incident.resolve']);
    const old = await cli(['audit', 'export', '--until', '1d']);
    expect(old.stdout).toHaveLength(1_205);
    expect((await cli(['audit', 'export', '--since', '2999-01-01T00:00:00Z'])).stdout).toEqual([]);
  });

  it('refuses a bound it cannot read, and an unknown subcommand, with exit 2', async () => {
    expect(await cli(['audit', 'export', '--since', 'yesterday'])).toEqual({
      code: 2, stdout: [], stderr: ['firebreak audit export: --since "yesterday" is neither an ISO 8601 time (2026-12-01T09:00:00Z) nor a duration ago (24h)'],
    });
    expect((await cli(['audit', 'purge'])).code).toBe(2);
  });

  it('reads times and durations ago', () => {
    const now = new Date('2026-12-08T12:00:00Z');
    expect(readWhen('2h', now)).toEqual(new Date('2026-12-08T10:00:00Z'));
    expect(readWhen('2026-12-01', now)).toEqual(new Date('2026-12-01T00:00:00Z'));
    expect(readWhen('2026-12-01T09:30:00+01:00', now)).toEqual(new Date('2026-12-01T08:30:00Z'));
    expect(readWhen('soon', now)).toBeNull();
  });
});

