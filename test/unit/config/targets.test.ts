// Tests: firebreak.yaml `targets` — durations per severity and measure, readable errors.
import { describe, expect, it } from 'vitest';
import { parseFileConfig } from '../../../src/config/file.js';

describe('targets in firebreak.yaml', () => {
  it('reads durations per severity and measure, leaving out what is not set', () => {
    const r = parseFileConfig('targets:\n  sev1: { detect: 2m, acknowledge: 5m, resolve: 15m }\n  sev2: { resolve: 1h }\n', 'firebreak.yaml');
    expect(r.ok && r.value.targets).toEqual({ sev1: { detectMs: 120_000, acknowledgeMs: 300_000, resolveMs: 900_000 }, sev2: { resolveMs: 3_600_000 } });
  });

  it('defaults to no targets', () => {
    const r = parseFileConfig('version: 1\n', 'firebreak.yaml');
    expect(r.ok && r.value.targets).toEqual({});
  });

  it('names the line and the problem for a bad duration or an unknown measure', () => {
    const r = parseFileConfig('targets:\n  sev1: { detect: soon, fix: 5m }\n', 'firebreak.yaml');
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors.join('\n');
    expect(errors).toMatch(/targets\.sev1\.detect.*duration/);
    expect(errors).toMatch(/fix/);
  });
});

describe('followups in firebreak.yaml', () => {
  it('reads the GitHub repository, labels and sync period; none by default', () => {
    const r = parseFileConfig('followups:\n  github: { repository: acme/ops, sync_every: 2m }\n', 'firebreak.yaml');
    expect(r.ok && r.value.followups).toEqual({ github: { repository: 'acme/ops', labels: ['incident-followup'], syncEveryMs: 120_000 }, jira: null });
    const none = parseFileConfig('version: 1\n', 'firebreak.yaml');
    expect(none.ok && none.value.followups).toEqual({ github: null, jira: null });
  });

  it('reads the Jira project with the issue type, labels and sync period defaulted, beside GitHub', () => {
    const r = parseFileConfig('followups:\n  github: { repository: acme/ops }\n  jira: { project: OPS }\n', 'firebreak.yaml');
    expect(r.ok && r.value.followups).toEqual({
      github: { repository: 'acme/ops', labels: ['incident-followup'], syncEveryMs: 300_000 },
      jira: { project: 'OPS', issueType: 'Task', labels: ['incident-followup'], syncEveryMs: 300_000 },
    });
    const set = parseFileConfig('followups:\n  jira: { project: SRE_2, issue_type: Bug, labels: [postmortem, sre], sync_every: 1m }\n', 'firebreak.yaml');
    expect(set.ok && set.value.followups.jira).toEqual({ project: 'SRE_2', issueType: 'Bug', labels: ['postmortem', 'sre'], syncEveryMs: 60_000 });
  });

  it('names a Jira project that is not a key, a label with a space, a sync period too short, and an unknown field', () => {
    const errors = (yaml: string) => {
      const r = parseFileConfig(yaml, 'firebreak.yaml');
      return r.ok ? '' : r.errors.join('\n');
    };
    expect(errors('followups:\n  jira: { project: ops }\n')).toMatch(/followups\.jira\.project.*Jira project key/);
    expect(errors('followups:\n  jira: { project: OPS, labels: [incident followup] }\n')).toMatch(/followups\.jira\.labels\[0\].*no spaces/);
    expect(errors('followups:\n  jira: { project: OPS, sync_every: 1s }\n')).toMatch(/followups\.jira\.sync_every/);
    expect(errors('followups:\n  jira: { project: OPS, repository: acme/ops }\n')).toMatch(/followups\.jira.*repository/);
  });

  it('names a repository that is not owner/repo', () => {
    const r = parseFileConfig('followups:\n  github: { repository: just-a-name }\n', 'firebreak.yaml');
    expect(r.ok ? [] : r.errors.join('\n')).toMatch(/followups\.github\.repository.*owner\/repo/);
  });
});
