// Tests: config reload — validated first, swaps what new decisions read, reports what changed and
// what needs a restart, never touches a snapshot already taken.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { ConfigHolder, describeChanges, reloadConfig } from '../../../src/config/reload.js';
import { escalationSnapshot, incidentSettings } from '../../../src/incidents/settings.js';
import type { Logger } from '../../../src/observability/observer.js';

const V1 = `
routing:
  defaults: { policy: sre }
escalation:
  policies:
    sre:
      levels:
        - { targets: [U0ONE], timeout: 5m }
        - { targets: [U0TWO], timeout: 10m }
    legacy:
      levels: [{ targets: [U0OLD], timeout: 5m }]
`;

const V2 = `
runner:
  scheduler: { poll_interval: 100ms }
routing:
  defaults: { policy: db }
  rules:
    - { match: { service: [db] }, policy: db }
slack:
  announce_channel: CNEW
  severities: { sev1: Everything is on fire, sev2: Bad, sev3: Meh, sev4: Fine }
escalation:
  policies:
    sre:
      levels: [{ targets: [U0NEWONE], timeout: 1m }]
    db:
      levels: [{ targets: [U0DBA], timeout: 5m }]
`;

function setup(text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'fb-reload-'));
  const path = join(dir, 'firebreak.yaml');
  writeFileSync(path, text);
  const loaded = loadConfig({ FIREBREAK_CONFIG: path });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return { path, holder: new ConfigHolder(loaded.value), write: (t: string) => writeFileSync(path, t), remove: () => rmSync(path) };
}

function recordingLogger() {
  const lines: Array<{ level: string; msg: string }> = [];
  const at = (level: string) => (_obj: object, msg?: string) => void lines.push({ level, msg: msg ?? '' });
  const log: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
}

describe('ConfigHolder.reload', () => {
  it('swaps routing, chat settings and policies for new decisions, and lists what changed', () => {
    const { holder, write } = setup(V1);
    write(V2);
    const result = holder.reload();
    expect(result).toEqual({
      ok: true,
      changes: ['escalation policies added db, removed legacy, changed sre', 'routing.defaults.policy changed', 'routing.rules changed', 'slack.announce_channel changed'],
      restartNeeded: ['runner.scheduler.poll_interval', 'slack.severities'],
    });
    expect(holder.file.routing.defaults.policy).toBe('db');
    expect(holder.file.routing.rules).toHaveLength(1);
    expect(holder.file.slack.announceChannel).toBe('CNEW');
    expect(Object.keys(holder.file.escalation.policies).sort()).toEqual(['db', 'sre']);
    expect(escalationSnapshot(incidentSettings(holder.file), null)?.levels).toEqual([{ targets: ['U0DBA'], timeoutMs: 300_000 }]);
  });

  it('keeps the running values of settings read once at start, and reports them again until restarted', () => {
    const { holder, write } = setup(V1);
    write(V2);
    holder.reload();
    expect(holder.file.runner.scheduler.pollIntervalMs).toBe(250);
    expect(holder.file.slack.severities.sev1).not.toBe('Everything is on fire');
    const again = holder.reload();
    expect(again).toEqual({ ok: true, changes: [], restartNeeded: ['runner.scheduler.poll_interval', 'slack.severities'] });
  });

  it('never changes a policy an incident already snapshotted', () => {
    const { holder, write } = setup(V1);
    const running = escalationSnapshot(incidentSettings(holder.file), 'sre');
    write(V2);
    holder.reload();
    expect(running).toEqual({ name: 'sre', repeat: 0, levels: [{ targets: ['U0ONE'], timeoutMs: 300_000 }, { targets: ['U0TWO'], timeoutMs: 600_000 }] });
    expect(escalationSnapshot(incidentSettings(holder.file), 'sre')?.levels).toEqual([{ targets: ['U0NEWONE'], timeoutMs: 60_000 }]);
  });

  it('refuses an invalid file with every problem, and keeps the old config entirely', () => {
    const { holder, write } = setup(V1);
    const before = holder.config;
    write('routing:\n  defaults: { policy: nowhere }\nescalation:\n  policies:\n    sre:\n      levels: [{ targets: [U0A], timeout: soon }]\n');
    expect(holder.reload()).toEqual({
      ok: false,
      errors: [
        'routing.defaults.policy (line 2): no escalation policy named "nowhere" (define it under escalation.policies)',
        'escalation.policies.sre.levels[0].timeout (line 6): expected a duration like "5m"',
      ],
    });
    expect(holder.config).toBe(before);
  });

  it('refuses a file that disappeared instead of falling back to the built-in defaults', () => {
    const { holder, remove, path } = setup(V1);
    remove();
    expect(holder.reload()).toEqual({ ok: false, errors: [`config reload: no file at ${path}`] });
    expect(holder.file.routing.defaults.policy).toBe('sre');
  });

  it('does not treat reordered mappings as a change', () => {
    const { holder, write } = setup(V1);
    write(`
escalation:
  policies:
    legacy:
      levels: [{ targets: [U0OLD], timeout: 5m }]
    sre:
      levels:
        - { timeout: 5m, targets: [U0ONE] }
        - { targets: [U0TWO], timeout: 10m }
routing:
  defaults: { policy: sre }
`);
    expect(holder.reload()).toEqual({ ok: true, changes: [], restartNeeded: [] });
  });
});

describe('ConfigHolder.reload and escalation.webhooks (the webhook pager is built at start)', () => {
  const WITH_HOOK = `
routing:
  defaults: { policy: sre }
escalation:
  webhooks:
    ops: { url: "https://ops.example/page" }
  policies:
    sre:
      levels: [{ targets: [U0ONE, "webhook:ops"], timeout: 5m }]
`;

  it('refuses policies that page a webhook the running server does not have, naming the line', () => {
    const { holder, write } = setup(WITH_HOOK);
    write(`
routing:
  defaults: { policy: sre }
escalation:
  webhooks:
    ops: { url: "https://ops.example/page" }
    pager: { url: "https://pager.example/hook" }
  policies:
    sre:
      levels:
        - targets: [U0ONE, "webhook:ops", "webhook:pager"]
          timeout: 5m
`);
    expect(holder.reload()).toEqual({
      ok: false,
      errors: ['escalation.policies.sre.levels[0].targets[2] (line 11): webhook "pager" is not one the running server has (escalation.webhooks changes take a restart)'],
    });
    expect(holder.file.escalation.webhooks).not.toHaveProperty('pager');
  });

  it('keeps the running webhooks when their settings change, and says a restart applies them', () => {
    const { holder, write } = setup(WITH_HOOK);
    write(WITH_HOOK.replace('https://ops.example/page', 'https://ops.example/v2/page'));
    expect(holder.reload()).toEqual({ ok: true, changes: [], restartNeeded: ['escalation.webhooks.ops'] });
    expect(holder.file.escalation.webhooks.ops?.url).toBe('https://ops.example/page');
  });

  it('says a follow-up tracker added or changed takes a restart (the trackers and their schedules are built at start)', () => {
    const { holder, write } = setup(WITH_HOOK);
    write(`${WITH_HOOK}followups:\n  jira: { project: OPS }\n`);
    expect(holder.reload()).toEqual({ ok: true, changes: [], restartNeeded: ['followups.jira'] });
    expect(holder.file.followups.jira).toBeNull();
  });
});

describe('reloadConfig', () => {
  it('logs one line per problem and that the old config stays, when the file is invalid', () => {
    const { holder, write, path } = setup(V1);
    write('runner:\n  scheduler:\n    pol_interval: 1s\n');
    const { log, lines } = recordingLogger();
    reloadConfig(holder, log);
    expect(lines).toEqual([
      { level: 'error', msg: 'runner.scheduler.pol_interval (line 3): unknown key' },
      { level: 'error', msg: `config reload refused: 1 problem(s) in ${path}; still running on the previous config` },
    ]);
  });

  it('logs what changed, and separately what waits for a restart', () => {
    const { holder, write, path } = setup(V1);
    write(V2);
    const { log, lines } = recordingLogger();
    reloadConfig(holder, log);
    expect(lines).toEqual([
      {
        level: 'info',
        msg: `config reloaded from ${path}: escalation policies added db, removed legacy, changed sre; routing.defaults.policy changed; routing.rules changed; slack.announce_channel changed`,
      },
      {
        level: 'warn',
        msg: 'config reload: runner.scheduler.poll_interval, slack.severities changed; takes effect after a restart (the old values stay in use)',
      },
    ]);
  });

  it('says so when nothing changed', () => {
    const { holder, path } = setup(V1);
    const { log, lines } = recordingLogger();
    reloadConfig(holder, log);
    expect(lines).toEqual([{ level: 'info', msg: `config reloaded from ${path}: no changes` }]);
  });
});

describe('describeChanges', () => {
  it('names webhooks added and removed, and YAML paths in snake_case', () => {
    const { holder } = setup(V1);
    const before = holder.file;
    const after = {
      ...before,
      routing: { ...before.routing, correlationWindowMs: 60_000 },
      escalation: { ...before.escalation, webhooks: { ops: { url: 'https://ops.example/page', secretEnv: null, timeoutMs: 5000 } } },
    };
    expect(describeChanges(before, after)).toEqual(['escalation webhooks added ops', 'routing.correlation_window changed']);
  });
});
