// Integration: a config reload is on the record — each SIGHUP-style reload, taken or refused, is one
// audit-log entry by firebreak itself, with what changed or why it was refused.
import { writeFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { auditPage } from '../../../src/store/audit.js';
import { waitFor } from '../../e2e/slack/harness.js';
import { startTestServer } from '../../support/webhooks.js';

let app: Awaited<ReturnType<typeof startTestServer>> | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

it('records every reload, with its changes or its errors', async () => {
  app = await startTestServer('access:\n  guests: read-only\n');
  writeFileSync(app.configPath, 'access:\n  guests: member\n');
  expect(app.reload()).toMatchObject({ ok: true });
  writeFileSync(app.configPath, 'access:\n  guests: sometimes\n');
  expect(app.reload()).toMatchObject({ ok: false });

  const rows = await waitFor('two reload entries', async () => {
    const all = (await auditPage(app!.store)).filter((r) => r.action === 'config.reload');
    return all.length === 2 && all;
  });
  expect(rows).toEqual([
    expect.objectContaining({ actor: 'firebreak', via: 'firebreak', subject: app.configPath, outcome: 'ok', params: { changes: [expect.stringContaining('access.guests')], restartNeeded: [] } }),
    expect.objectContaining({ actor: 'firebreak', outcome: 'failed', params: { errors: [expect.stringContaining('access.guests')] } }),
  ]);
});
