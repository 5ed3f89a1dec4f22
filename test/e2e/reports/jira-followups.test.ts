// E2e: a server started with followups.jira and JIRA_* set (a loopback fake Jira) says so in its
// start-up notice and, on its own schedule, makes a Jira issue for a follow-up and links it; with
// followups.jira but no JIRA_* variables it starts anyway and names the missing ones, never a value.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Firebreak } from '../../../src/main.js';
import type { Logger } from '../../../src/observability/observer.js';
import { listIncidents } from '../../../src/store/incidents.js';
import { addFollowup, listFollowups } from '../../../src/store/reports.js';
import { startFakeJira, type FakeJira } from '../../support/fake-jira.js';
import { deliver, startTestServer } from '../../support/webhooks.js';

const EMAIL = 'bot@acme.example';
const TOKEN = 'ATATT3xE2eJiraToken0123456789';
const YAML = 'routing:\n  defaults: { declare: sev2 }\nfollowups:\n  jira: { project: OPS, sync_every: 10s }\n';

let jira: FakeJira;
let app: (Firebreak & { url: string }) | null = null;
beforeAll(async () => {
  jira = await startFakeJira({ email: EMAIL, token: TOKEN });
});
afterEach(async () => {
  await app?.stop();
  app = null;
});
afterAll(async () => {
  await jira?.close();
});

function recordingLogger() {
  const lines: Array<{ level: string; msg: string; obj: object }> = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, msg: msg ?? '', obj });
  const log: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
}

describe('Jira follow-ups on a running server', () => {
  it('says they are on at start, and links a new follow-up to a Jira issue on the next sync', async () => {
    const { log, lines } = recordingLogger();
    app = await startTestServer(YAML, { JIRA_URL: jira.base, JIRA_EMAIL: EMAIL, JIRA_API_TOKEN: TOKEN }, log);
    expect(lines[0]!.msg).toMatch(/; follow-ups: Jira issues in OPS$/);
    expect(lines.filter((l) => l.level === 'warn' && l.msg.includes('followups'))).toEqual([]);

    expect((await deliver(app.url, 'generic', Buffer.from(JSON.stringify({ key: 'db-lag', status: 'firing', title: 'Replica lag', severity: 'critical', service: 'db' })))).status).toBe(202);
    await expect.poll(async () => (await listIncidents(app!.store, true)).length).toBe(1);
    const [incident] = await listIncidents(app.store, true);
    const f = (await addFollowup(app.store, incident!.id, { text: 'Alert on replica lag', owner: null, due: null }, { id: 'U0ONE', team: null, via: 'slack' }))!;

    await expect.poll(async () => (await listFollowups(app!.store, incident!.id))[0]!.externals, { timeout: 20_000, interval: 500 })
      .toEqual([{ system: 'jira', key: 'OPS-1', url: `${jira.base}/browse/OPS-1` }]);
    expect(jira.issues.map((i) => [i.key, i.summary])).toEqual([['OPS-1', `[#${incident!.number}] ${f.text}`]]);
    expect(lines.find((l) => l.msg === 'follow-ups synced with Jira issues')?.obj).toMatchObject({ created: 1, errors: 0 });
    expect(JSON.stringify(lines)).not.toContain(TOKEN);
  }, 40_000);

  it('starts without JIRA_* set, naming the missing variables in the notice and a warning', async () => {
    const { log, lines } = recordingLogger();
    app = await startTestServer(YAML, { JIRA_API_TOKEN: TOKEN }, log);
    expect(lines[0]!.msg).toContain('jira follow-ups (JIRA_URL, JIRA_EMAIL unset)');
    expect(lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toContain('followups.jira is set but JIRA_URL, JIRA_EMAIL are not: those follow-ups stay in Firebreak only');
    expect(JSON.stringify(lines)).not.toContain(TOKEN);
  });
});
