// E2e: `firebreak start` re-reads firebreak.yaml on SIGHUP. A valid edit reaches new incidents
// (policies and routing); an incident already escalating keeps the levels it snapshotted; a broken
// edit is refused line by line and the old config keeps working. Local mode: pages show in the log.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { copyTemplateDataDir } from '../support/store/embedded.js';
import { startFirebreakProcess, writeConfig } from '../support/firebreak-process.js';

const TOKEN = 'reload-e2e-webhook-token';

const BEFORE = `
routing:
  defaults: { declare: sev3, policy: old }
escalation:
  policies:
    old:
      levels:
        - { targets: [U0OLDONE], timeout: 6s }
        - { targets: [U0OLDTWO], timeout: 1h }
`;

const AFTER = `
runner:
  scheduler: { poll_interval: 100ms }
routing:
  defaults: { declare: sev3, policy: new }
  rules:
    - { name: beta, match: { service: [beta] }, policy: beta }
escalation:
  policies:
    new:
      levels:
        - { targets: [U0NEWONE], timeout: 1h }
    beta:
      levels:
        - { targets: [U0BETA], timeout: 1h }
`;

const BROKEN = `
routing:
  defaults: { declare: sev3, policy: gone }
escalation:
  policies:
    new:
      levels:
        - { targets: [U0BROKEN], timeout: soon }
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('firebreak start: SIGHUP reload', () => {
  it('applies a valid edit to new incidents, refuses a broken one, and never changes a running escalation', async () => {
    const configPath = writeConfig(BEFORE);
    const server = await startFirebreakProcess({ FIREBREAK_DATA_DIR: await copyTemplateDataDir(), FIREBREAK_CONFIG: configPath, WEBHOOK_TOKEN: TOKEN });
    const { process: proc, port, exited } = server;

    /** The log's messages, in order (pino JSON lines). */
    const messages = () =>
      server.output().split('\n').filter((l) => l.startsWith('{')).map((l) => (JSON.parse(l) as { msg?: string; level?: string; reload?: string }));
    const waitFor = async (what: string, found: () => boolean, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!found()) {
        if (proc.exitCode !== null) throw new Error(`server exited while waiting for ${what}:\n${server.output()}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${server.output()}`);
        await sleep(50);
      }
    };
    /** Index in the log of the page of `user` in the channel of incident #n (local mode: `[slack local] #inc-<n>-… ← … Paging @U…`). */
    const pageIndex = (n: number, user: string) =>
      messages().findIndex((m) => m.msg?.includes(`#inc-${n}-`) === true && m.msg.includes('Paging') && m.msg.includes(`@${user}`));
    const paged = (n: number, user: string) => waitFor(`incident #${n} paging ${user}`, () => pageIndex(n, user) >= 0);
    const alert = async (key: string, service: string) => {
      const res = await fetch(`http://127.0.0.1:${port}/webhooks/generic`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ key, status: 'firing', title: `${service} is down`, severity: 'sev2', service }),
      });
      expect(res.status).toBeLessThan(300);
    };
    const reload = async (expectMsg: string) => {
      const seen = messages().length;
      proc.kill('SIGHUP');
      await waitFor(`the reload line "${expectMsg}"`, () => messages().slice(seen).some((m) => m.msg?.includes(expectMsg) === true));
      // Only the reload's own lines: the incidents' chat keeps logging alongside.
      return messages().slice(seen).filter((m) => m.reload !== undefined);
    };

    try {

      // #1 starts escalating on the old policy.
      await alert('alpha-down', 'alpha');
      await paged(1, 'U0OLDONE');

      writeFileSync(configPath, AFTER);
      const applied = await reload('config reloaded from');
      expect(applied.map((m) => m.msg)).toEqual([
        `config reloaded from ${configPath}: escalation policies added beta, new, removed old; routing.defaults.policy changed; routing.rules changed`,
        'config reload: runner.scheduler.poll_interval changed; takes effect after a restart (the old values stay in use)',
      ]);
      const reloadedAt = messages().findIndex((m) => m.msg?.startsWith('config reloaded from') === true);

      // New incidents: the new default policy, and the new routing rule's policy.
      await alert('gamma-down', 'gamma');
      await paged(2, 'U0NEWONE');
      await alert('beta-down', 'beta');
      await paged(3, 'U0BETA');

      // A broken edit: every problem on its own line, nothing changes.
      writeFileSync(configPath, BROKEN);
      const refused = await reload('config reload refused');
      expect(refused.map((m) => [m.level, m.msg])).toEqual([
        ['error', 'routing.defaults.policy (line 3): no escalation policy named "gone" (define it under escalation.policies)'],
        ['error', 'escalation.policies.new.levels[0].timeout (line 8): expected a duration like "5m"'],
        ['error', `config reload refused: 2 problem(s) in ${configPath}; still running on the previous config`],
      ]);
      await alert('delta-down', 'delta');
      await paged(4, 'U0NEWONE');

      // #1 escalates to the level it snapshotted, though its policy is gone from the file — after the reload.
      await paged(1, 'U0OLDTWO');
      expect(pageIndex(1, 'U0OLDTWO')).toBeGreaterThan(reloadedAt);
      expect(messages().some((m) => m.msg?.includes('@U0BROKEN') === true)).toBe(false);
    } finally {
      proc.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(server.output()).not.toMatch(/\n\s+at /);
  }, 90_000);
});
