// Tests: `firebreak check` — exit codes and one line per problem, never a stack trace or a secret
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/command-line.js';
import { resolveSlackTargets } from '../../../src/integrations/slack/resolve-targets.js';

const PD_KEY = 'pd0payments0key0123456789abcdef01';

async function check(args: string[], env: Record<string, string | undefined> = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  // The routing key of the `payments` PagerDuty service the files below name.
  const code = await runCli(['check', ...args], { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l) }, { PD_PAYMENTS_KEY: PD_KEY, ...env });
  return { code, stdout, stderr };
}

describe('firebreak check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-check-'));
  const good = join(dir, 'good.yaml');
  writeFileSync(
    good,
    [
      'routing:',
      '  defaults: { policy: sre }',
      '  rules: [{ match: { service: [db] }, policy: db }]',
      'escalation:',
      '  policies:',
      '    sre:',
      '      levels: [{ targets: ["pagerduty:payments"], timeout: 5m }]',
      '    db:',
      '      levels: [{ targets: ["pagerduty:payments"], timeout: 1h }]',
      'pagerduty:',
      '  services:',
      '    payments: { routing_key_env: PD_PAYMENTS_KEY }',
      '',
    ].join('\n'),
  );
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'runner:\n  scheduler:\n    pol_interval: 1s\n  shutdown_timeout: soon\n');

  it('exits 0 with a one-line summary when the file and environment are valid', async () => {
    expect(await check([good])).toEqual({ code: 0, stdout: [`ok: ${good} (2 escalation policies, environment valid)`], stderr: [] });
  });

  it('checks FIREBREAK_CONFIG when no file is given', async () => {
    const result = await check([], { FIREBREAK_CONFIG: good });
    expect(result.code).toBe(0);
    expect(result.stdout).toEqual([`ok: ${good} (2 escalation policies, environment valid)`]);
  });

  it('accepts an absent default file: the built-in defaults apply', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(await check([])).toEqual({
        code: 0,
        stdout: ['ok: no file at ./firebreak.yaml, built-in defaults (0 escalation policies, environment valid)'],
        stderr: [],
      });
    } finally {
      process.chdir(cwd);
    }
  });

  it('exits 2 listing every problem in the file and the environment, one line each', async () => {
    const result = await check([bad], { PORT: 'abc', SUPABASE_URL: 'https://x.supabase.co', DATABASE_URL: 'postgres://u:hunter2@db/x' });
    expect(result).toEqual({
      code: 2,
      stdout: [],
      stderr: [
        'runner.scheduler.pol_interval (line 3): unknown key',
        'runner.shutdown_timeout (line 4): expected a duration like "5m"',
        'PORT: expected a port number 1-65535, got "abc"',
        'DATABASE_URL, SUPABASE_URL: both set; choose one store transport (postgres or supabase)',
      ],
    });
    expect(result.stderr.join('\n')).not.toContain('hunter2');
  });

  it('exits 2 when a webhook names a signing-secret variable that is not set, as start would', async () => {
    const hooked = join(dir, 'hooked.yaml');
    writeFileSync(hooked, 'escalation:\n  webhooks:\n    ops: { url: "https://ops.example/page", secret_env: OPS_HOOK_SECRET }\n');
    expect(await check([hooked])).toEqual({
      code: 2,
      stdout: [],
      stderr: ["OPS_HOOK_SECRET: not set (escalation.webhooks.ops.secret_env names it as the webhook's signing secret)"],
    });
    expect((await check([hooked], { OPS_HOOK_SECRET: 'shh' })).code).toBe(0);
  });

  it('exits 2 when the named file does not exist', async () => {
    const missing = join(dir, 'missing.yaml');
    expect(await check([missing])).toEqual({ code: 2, stdout: [], stderr: [`firebreak check: no file at ${missing}`] });
    expect(await check([], { FIREBREAK_CONFIG: missing })).toEqual({
      code: 2,
      stdout: [],
      stderr: [`FIREBREAK_CONFIG: no file at ${missing}`],
    });
  });

  it('exits 2 with usage on unknown options or extra arguments, and 0 on --help', async () => {
    expect((await check(['--stict'])).code).toBe(2);
    expect((await check(['--strict', good, good])).code).toBe(2);
    expect((await check([good, good])).code).toBe(2);
    const help = await check(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout[0]).toMatch(/^usage: firebreak check/);
  });
});

describe('firebreak check warnings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-check-warn-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const risky = file(
    'risky.yaml',
    ['routing:', '  defaults: { policy: sre }', 'escalation:', '  policies:', '    sre:', '      levels:', '        - { targets: [pagerduty], timeout: 0s }', '    spare:', '      levels: [{ targets: ["pagerduty:payments"], timeout: 5m }]',
      'pagerduty:', '  services:', '    payments: { routing_key_env: PD_PAYMENTS_KEY }', ''].join('\n'),
  );

  it('prints each warning as one line, still exits 0, and counts them on the ok line', async () => {
    expect(await check([risky])).toEqual({
      code: 0,
      stdout: [`ok: ${risky} (2 escalation policies, environment valid, 3 warnings)`],
      stderr: [
        'warning: escalation.policies.sre.levels[0] (line 7): unreachable: level 1 pages nobody with this environment (pagerduty needs PAGERDUTY_ROUTING_KEY (or name a service: pagerduty:<service>, defined under pagerduty.services)); escalation only waits here',
        'warning: escalation.policies.sre.levels[0].timeout (line 7): a wait of 0 on the last level: the policy is exhausted as soon as this level is paged',
        'warning: escalation.policies.spare (line 8): routing never picks it: no rule names this policy and it is not routing.defaults.policy (only /incident page spare reaches it)',
      ],
    });
  });

  it('exits 2 naming the variable when a PagerDuty service\'s routing-key variable is unset, and never prints a key', async () => {
    const result = await check([risky], { PD_PAYMENTS_KEY: undefined });
    expect(result).toEqual({ code: 2, stdout: [], stderr: ["PD_PAYMENTS_KEY: not set (pagerduty.services.payments.routing_key_env names it as the service's routing key)"] });
  });

  it('refuses an inline routing key with how to move it to a named service, showing only its first characters', async () => {
    const key = 'e93facc04764012d7bfb002500d5d1a6';
    const inline = file('inline.yaml', `escalation:\n  policies:\n    sre:\n      levels: [{ targets: ["pagerduty:${key}"], timeout: 5m }]\n`);
    const result = await check([inline]);
    expect(result.code).toBe(2);
    expect(result.stderr).toEqual([
      'escalation.policies.sre.levels[0].targets[0] (line 4): pagerduty:e93f… is an inline routing key, which is no longer accepted (keys never go in firebreak.yaml): ' +
        'name the service under pagerduty.services (e.g. payments: { routing_key_env: PD_PAYMENTS_KEY }), put the key in that environment variable, and write pagerduty:payments here',
    ]);
    expect(JSON.stringify(result)).not.toContain(key);
  });

  it('reads the environment: with PAGERDUTY_ROUTING_KEY the pagerduty level is reachable', async () => {
    const result = await check([risky], { PAGERDUTY_ROUTING_KEY: 'R0UTINGKEY0123456789' });
    expect(result.code).toBe(0);
    expect(result.stderr).toHaveLength(2);
    expect(result.stderr.join('\n')).not.toContain('R0UTINGKEY0123456789');
  });

  it('exits 1 on warnings with --strict, and 0 with --strict when there are none', async () => {
    const result = await check(['--strict', risky]);
    expect(result.code).toBe(1);
    expect(result.stdout).toEqual([]);
    expect(result.stderr.at(-1)).toBe('firebreak check: 3 warnings with --strict: failing');
    const clean = file('clean.yaml', 'routing:\n  defaults: { policy: sre }\nescalation:\n  policies:\n    sre:\n      levels: [{ targets: ["pagerduty:payments"], timeout: 5m }]\npagerduty:\n  services:\n    payments: { routing_key_env: PD_PAYMENTS_KEY }\n');
    expect(await check([clean, '--strict'])).toEqual({ code: 0, stdout: [`ok: ${clean} (1 escalation policy, environment valid)`], stderr: [] });
  });

  it('says in one line which JIRA_* variables followups.jira still needs, never a value, and nothing once they are set', async () => {
    const jira = file('jira.yaml', 'followups:\n  jira: { project: OPS }\n');
    const partly = await check([jira], { JIRA_URL: 'https://acme.atlassian.net', JIRA_EMAIL: '  ' });
    expect(partly).toEqual({
      code: 0,
      stdout: [`ok: ${jira} (0 escalation policies, environment valid, 1 warning)`],
      stderr: ['warning: followups.jira (line 2): JIRA_EMAIL and JIRA_API_TOKEN are not set: follow-ups do not become Jira issues (Firebreak keeps them only)'],
    });
    const token = 'ATATT3xJiraToken0123456789';
    const bare = await check([jira], { JIRA_API_TOKEN: token });
    expect(bare.stderr).toEqual(['warning: followups.jira (line 2): JIRA_URL and JIRA_EMAIL are not set: follow-ups do not become Jira issues (Firebreak keeps them only)']);
    expect(JSON.stringify(bare)).not.toContain(token);
    const set = await check([jira], { JIRA_URL: 'https://acme.atlassian.net', JIRA_EMAIL: 'bot@acme.com', JIRA_API_TOKEN: token });
    expect(set).toEqual({ code: 0, stdout: [`ok: ${jira} (0 escalation policies, environment valid)`], stderr: [] });
  });
});

/**
 * A loopback Slack Web API answering users.info, users.lookupByEmail and usergroups.list the way
 * Slack does (HTTP 200, ok:false + error for failures). Tokens pick the behaviour.
 */
function startSlack(): Promise<{ server: Server; url: string; calls: string[] }> {
  const calls: string[] = [];
  const users: Record<string, object> = { U0KNOWN: { id: 'U0KNOWN', deleted: false }, U0LEFT: { id: 'U0LEFT', deleted: true } };
  const emails: Record<string, object> = { 'known@example.com': { id: 'U0KNOWN', deleted: false } };
  const groups = [
    { id: 'S0TEAM', handle: 'team', date_delete: 0, users: ['U0KNOWN'] },
    { id: 'S0EMPTY', handle: 'nobody', date_delete: 0, users: [] },
  ];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const method = (req.url ?? '').replace(/^\/api\//, '');
      const params = new URLSearchParams(body);
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      calls.push(method);
      const reply = (json: object) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (token === 'xoxb-revoked') return reply({ ok: false, error: 'invalid_auth' });
      if (method === 'users.info') {
        const user = users[params.get('user') ?? ''];
        return reply(user ? { ok: true, user } : { ok: false, error: 'user_not_found' });
      }
      if (method === 'users.lookupByEmail') {
        if (token === 'xoxb-no-email-scope') return reply({ ok: false, error: 'missing_scope', needed: 'users:read.email', provided: 'users:read,usergroups:read' });
        const user = emails[params.get('email') ?? ''];
        return reply(user ? { ok: true, user } : { ok: false, error: 'users_not_found' });
      }
      if (method === 'usergroups.list') {
        expect(params.get('include_users')).toBe('true');
        return reply({ ok: true, usergroups: groups });
      }
      return reply({ ok: false, error: 'unknown_method' });
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, calls, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/api/` })),
  );
}

describe('firebreak check with a Slack token: resolving Slack targets', () => {
  let slack: Awaited<ReturnType<typeof startSlack>>;
  beforeAll(async () => {
    slack = await startSlack();
  });
  afterAll(async () => {
    await new Promise((r) => slack.server.close(r));
  });

  const dir = mkdtempSync(join(tmpdir(), 'firebreak-check-slack-'));
  const path = join(dir, 'slack.yaml');
  writeFileSync(
    path,
    [
      'routing:',
      '  defaults: { policy: sre }',
      'escalation:',
      '  policies:',
      '    sre:',
      '      levels:',
      '        - targets: [U0KNOWN, U0GHOST, U0LEFT]',
      '          timeout: 5m',
      '        - targets: [known@example.com, Nobody@Example.com]',
      '          timeout: 5m',
      '        - targets: [S0TEAM, S0EMPTY, S0MISSING]',
      '          timeout: 5m',
      '',
    ].join('\n'),
  );
  const env = (token: string) => ({ SLACK_BOT_TOKEN: token, SLACK_API_URL: slack.url });

  it('names each unknown user, unknown email, unknown or empty group on its own line, and exits 0', async () => {
    const result = await check([path], env('xoxb-good'));
    expect(result).toEqual({
      code: 0,
      stdout: [`ok: ${path} (1 escalation policy, environment valid, 5 warnings)`],
      stderr: [
        'warning: escalation.policies.sre.levels[0].targets[1] (line 7): no such Slack user (users.info: user_not_found)',
        'warning: escalation.policies.sre.levels[0].targets[2] (line 7): this Slack user is deactivated',
        'warning: escalation.policies.sre.levels[1].targets[1] (line 9): no Slack user has this email (users.lookupByEmail)',
        'warning: escalation.policies.sre.levels[2].targets[1] (line 11): the Slack user group @nobody has no members: a page mentions nobody',
        'warning: escalation.policies.sre.levels[2].targets[2] (line 11): no such Slack user group (not in usergroups.list)',
      ],
    });
    expect(await check([path, '--strict'], env('xoxb-good'))).toMatchObject({ code: 1 });
  });

  it('says once that Slack refused the token (invalid_auth), without crashing or checking further', async () => {
    slack.calls.length = 0;
    const result = await check([path], env('xoxb-revoked'));
    expect(result.code).toBe(0);
    expect(result.stderr).toEqual(['warning: SLACK_BOT_TOKEN: Slack refused the token (invalid_auth); Slack targets were not checked']);
    expect(slack.calls).toEqual(['users.info']);
    expect(result.stderr.join('\n')).not.toContain('xoxb-revoked');
  });

  it('names the missing scope and still checks what the token can read', async () => {
    const result = await check([path], env('xoxb-no-email-scope'));
    expect(result.stderr).toContain('warning: SLACK_BOT_TOKEN: users.lookupByEmail needs the users:read.email scope (missing_scope); Slack user emails were not checked');
    expect(result.stderr.filter((l) => l.includes('(line '))).toHaveLength(4);
  });

  it('says so in one line when Slack cannot be reached', async () => {
    const closed = await startSlack();
    await new Promise((r) => closed.server.close(r));
    const result = await check([path], { SLACK_BOT_TOKEN: 'xoxb-good', SLACK_API_URL: closed.url });
    expect(result.code).toBe(0);
    expect(result.stderr).toEqual([`warning: SLACK_API_URL: cannot reach Slack at ${closed.url} (ECONNREFUSED); Slack targets were not checked`]);
  });

  it('gives up on a Slack that does not answer within the timeout, in one line', async () => {
    const hung = createServer(() => undefined);
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(hung.address() as { port: number }).port}/api/`;
    try {
      const report = await resolveSlackTargets([{ kind: 'slack-user', id: 'U0KNOWN' }], { token: 'xoxb-good', apiUrl: url, timeoutMs: 200 });
      expect(report).toEqual({ problems: new Map(), failures: [{ subject: 'SLACK_API_URL', message: `cannot reach Slack at ${url} (timed out); Slack targets were not checked` }] });
    } finally {
      hung.closeAllConnections();
      await new Promise((r) => hung.close(r));
    }
  });

  it('does not call Slack without a token: Slack targets are then reported as unpageable instead', async () => {
    slack.calls.length = 0;
    const result = await check([path], { SLACK_API_URL: slack.url });
    expect(slack.calls).toEqual([]);
    expect(result.stderr).toHaveLength(3);
    expect(result.stderr[0]).toContain('Slack targets need SLACK_BOT_TOKEN');
  });
});
