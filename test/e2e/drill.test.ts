// E2E: `firebreak drill` as a child process — the shipped examples pass, a wrong expectation fails
// the run naming its line, and a bad scenario is refused with line numbers before anything runs.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tsxLoader } from '../support/spawn-child.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'src/cli/index.ts');
const TIMEOUT = 180_000;

function drill(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, ['--import', tsxLoader, cli, 'drill', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => proc.on('close', (code) => resolve({ code, stdout, stderr })));
}

const pageLines = (stdout: string) => stdout.split('\n').filter((l) => / PAGE /.test(l)).map((l) => l.replace(/\s+/g, ' ').trim());

describe('firebreak drill', () => {
  it('runs the sev1 nobody acknowledges through both levels, the repeat and exhaustion, the same way every time', { timeout: TIMEOUT }, async () => {
    const first = await drill('examples/drills/sev1-nobody-acks.yaml');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(pageLines(first.stdout)).toEqual([
      '+00:00:00 #1 PAGE level 1 → U0PRIMARY (slack, slack DM)',
      '+00:10:00 #1 PAGE level 2 → U0SECONDARY (slack, slack DM), pagerduty',
      '+00:25:00 #1 PAGE level 1 (repeat 1) → U0PRIMARY (slack, slack DM)',
      '+00:35:00 #1 PAGE level 2 (repeat 1) → U0SECONDARY (slack, slack DM), pagerduty',
    ]);
    expect(first.stdout).toMatch(/\+00:50:00 {2}#1 {2}escalation\.exhausted/);
    expect(first.stdout).toMatch(/\+00:15:00 {2}#1 {2}reminder\.status/);
    expect(first.stdout).toContain('All 11 expectations met.');

    const second = await drill('examples/drills/sev1-nobody-acks.yaml');
    expect(second.stdout).toBe(first.stdout);
  });

  it('stops paging when the secondary acknowledges at level 2, tells PagerDuty, and reminds of the post-mortem after resolve', { timeout: TIMEOUT }, async () => {
    const run = await drill('examples/drills/acked-at-level-2.yaml');
    expect(run.code).toBe(0);
    expect(pageLines(run.stdout)).toEqual([
      '+00:00:00 #1 PAGE level 1 → U0PRIMARY (slack, slack DM)',
      '+00:10:00 #1 PAGE level 2 → U0SECONDARY (slack, slack DM), pagerduty',
    ]);
    expect(run.stdout).toMatch(/\+00:12:00 {2}#1 {2}PAGERDUTY +acknowledge /);
    expect(run.stdout).toMatch(/\+48:45:00 {2}#1 {2}reminder\.postmortem/);
    expect(run.stdout).toContain('All 11 expectations met.');
  });

  it('blocks the IP of a login storm after a security approver says yes (not the requester), and lifts it 24 h later on the virtual clock', { timeout: TIMEOUT }, async () => {
    const run = await drill('examples/drills/login-storm-block-ip.yaml');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\+00:00:00 +#1 +approval\.requested +Request #1: block_ip ip=185\.220\.101\.7 — proposed by routing rule login-storm/);
    expect(run.stdout).toContain('approve request #1 by U0ONCALL — You are not an approver of request #1: nothing was changed.');
    expect(run.stdout).toContain('approve request #2 by U0ONCALL — You asked for request #2: someone else must approve or deny it (you may cancel it).');
    expect(run.stdout).toMatch(/\+00:03:00 +#1 +approval\.succeeded +Action of request #1 done: \(drill\) block_ip 185\.220\.101\.7/);
    expect(run.stdout).toMatch(/\+24:03:00 +#1 +approval\.succeeded +Lift of request #1 done: \(drill\) unblock_ip 185\.220\.101\.7/);
    expect(run.stdout).toContain('All 7 expectations met.');
  });

  it('fails a wrong approval expectation, naming its line', { timeout: TIMEOUT }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-drill-'));
    const file = join(dir, 'denied.yaml');
    writeFileSync(file, [
      'groups: { S0SEC: [U0ALICE] }',
      'config:',
      '  actions:',
      '    block_ip: { executor: cloudflare, approvers: { groups: [S0SEC] } }',
      'steps:',
      '  - at: 0m',
      '    alert: { title: Failed logins, severity: sev1, tags: { client_ip: 185.220.101.9 } }',
      '  - at: 1m',
      '    request: { action: block_ip, params: { ip: 185.220.101.9 } }',
      '  - at: 2m',
      '    by: U0ALICE',
      '    deny: { request: 1, reason: shared office NAT }',
      'expect:',
      '  - denied: { request: 1, at: 2m }',
      '  - executed: { request: 1 }',
    ].join('\n'));
    const run = await drill(file);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✓ request #1 denied at +00:02:00 (line 14)');
    expect(run.stdout).toMatch(/✗ request #1 executed \(line 15\)/);
  });

  it('keeps a flapping alert on one incident without paging again, and reopens it from level 1 after resolve', { timeout: TIMEOUT }, async () => {
    const run = await drill('examples/drills/flapping-alert.yaml');
    expect(run.code).toBe(0);
    expect(pageLines(run.stdout)).toEqual([
      '+00:00:00 #1 PAGE level 1 → U0STORAGE (slack, slack DM)',
      expect.stringMatching(/^\+00:10:00 #1 PAGE level 2 → S0STORAGETEAM \(slack(, slack DM)?\)$/),
      '+00:40:00 #1 PAGE level 1 → U0STORAGE (slack, slack DM)',
    ]);
    expect(run.stdout).toContain('Incidents: #1 acknowledged');
    expect(run.stdout).toContain('All 9 expectations met.');
  });

  it('turns ten failed logins from one IP in five minutes into one firing, one incident and a block request approved and lifted', { timeout: TIMEOUT }, async () => {
    const run = await drill('examples/drills/login-storm.yaml');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\+00:15:45 {2}#1 {2}DETECTION +failed-login-burst fired for 185\.220\.101\.7 \(10 events\)/);
    expect(run.stdout.match(/ DETECTION /g)).toHaveLength(1);
    expect(run.stdout).toContain('failed-login-burst fired for 185.220.101.7, proposed as request #1 (awaiting approval)');
    expect(pageLines(run.stdout)).toEqual(['+00:15:45 #1 PAGE level 1 → U0SECONCALL (slack, slack DM)']);
    expect(run.stdout).toContain('All 11 expectations met.');
  });

  it('re-pages on a raise to sev1, escalates and pages by hand, and stops on PagerDuty\'s acknowledgement', { timeout: TIMEOUT }, async () => {
    const run = await drill('examples/drills/raised-to-sev1.yaml');
    expect(run.code).toBe(0);
    expect(pageLines(run.stdout)).toEqual([
      '+00:00:00 #1 PAGE level 1 → U0WEBONCALL (slack, slack DM)',
      '+00:05:00 #1 PAGE level 1 → U0WEBONCALL (slack, slack DM)',
      '+00:08:00 #1 PAGE level 2 → pagerduty',
      // A group is mentioned; whether its members are also DMed is the paging handler's business.
      expect.stringMatching(/^\+00:09:00 #1 PAGE by hand → S0DBTEAM \(slack(, slack DM)?\)$/),
    ]);
    expect(run.stdout).toMatch(/\+00:11:00 {2}#1 {2}incident\.acknowledged +Acknowledged \(via PagerDuty\)/);
  });

  it('exits 1 and names the expectation that failed, with what happened instead', { timeout: TIMEOUT }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-drill-'));
    writeFileSync(join(dir, 'firebreak.yaml'), `routing:
  defaults:
    policy: web
escalation:
  policies:
    web:
      levels:
        - { targets: [U0ONE], timeout: 5m }
        - { targets: [U0TWO], timeout: 5m }
`);
    writeFileSync(join(dir, 'wrong.yaml'), `config_file: firebreak.yaml
steps:
  - at: 0m
    alert: { title: Site down, severity: critical }
  - until: 30m
expect:
  - paged: { at: 5m, level: 2, target: U0TWO }
  - paged: { at: 6m, level: 2, target: U0TWO }
`);
    const run = await drill(join(dir, 'wrong.yaml'));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('  ✓ paged U0TWO at level 2 at +00:05:00 (line 7)');
    expect(run.stdout).toContain('  ✗ paged U0TWO at level 2 at +00:06:00 (line 8)\n      but pages: +00:00:00 level 1 → U0ONE');
    expect(run.stdout).toContain('1 of 2 expectations failed.');
  });

  it('exits 2 for an invalid scenario, one line per problem with its line number, and runs nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-drill-'));
    writeFileSync(join(dir, 'bad.yaml'), `config:
  escalation:
    policies:
      web:
        levels:
          - { targets: [U0ONE], timeout: soon }
steps:
  - at: 10m
    alert: { title: Site down }
  - at: 5m
    ack: {}
expect:
  - paged_at: 5m
`);
    const run = await drill(join(dir, 'bad.yaml'));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      'steps[1].at (line 10): 5m is before the previous step (10m): steps run in time order',
      'expect[0].paged_at (line 13): unknown key',
      'expect[0] (line 13): expected one of paged, not_paged_after, exhausted_at, status, pages, incidents, timeline, reminded, executed, denied, expired, fired, not_fired',
      `firebreak drill: 3 problem(s) in ${join(dir, 'bad.yaml')}; nothing run`,
    ]);

    writeFileSync(join(dir, 'bad-config.yaml'), `config:
  escalation:
    policies:
      web:
        levels:
          - { targets: [U0ONE], timeout: soon }
steps:
  - until: 1h
`);
    const config = await drill(join(dir, 'bad-config.yaml'));
    expect(config.code).toBe(2);
    expect(config.stderr).toContain('config.escalation.policies.web.levels[0].timeout (line 6): expected a duration like "5m"');
  });
});
