// Config: the remediation catalog (`actions:`) — defaults, names and kinds, approvers (roles too), TTL.
import { describe, expect, it } from 'vitest';
import { parseFileConfig } from '../../../src/config/index.js';

const parse = (text: string) => parseFileConfig(text, 'firebreak.yaml');

describe('actions:', () => {
  it('fills the defaults: high risk, one approval, 15 minutes to decide, 10 an hour, an IP block lifted after 24 h', () => {
    const r = parse('actions:\n  block_ip: { executor: cloudflare, approvers: { groups: [S0SEC] } }\n');
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.value.actions.block_ip).toEqual({
      name: 'block_ip', kind: 'block_ip', executor: 'cloudflare', risk: 'high', approvers: { groups: ['S0SEC'], users: [], roles: [] },
      approvalsRequired: 1, expiryMs: 15 * 60_000, perHour: 10, ttlMs: 24 * 3_600_000, dmApprovers: false, protected: [], settings: {},
    });
  });

  it('takes a named run action with kind: run, and no TTL for anything but block_ip', () => {
    const r = parse('actions:\n  restart-workers: { kind: run, executor: webhook, risk: low, settings: { webhook: ops } }\n');
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.value.actions['restart-workers']).toMatchObject({ kind: 'run', risk: 'low', ttlMs: null, settings: { webhook: 'ops' } });
  });

  it('says what is wrong, with the line: an unknown kind, a high-risk action nobody may approve, an unknown role, a bad id', () => {
    const r = parse([
      'actions:',
      '  restart: { executor: webhook, risk: low }',
      '  block_ip: { executor: cloudflare }',
      '  disable_account: { executor: supabase, approvers: { roles: [security] } }',
      '  rollback: { executor: github, approvers: { users: [alice] } }',
    ].join('\n'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.errors.join('\n');
    expect(text).toContain('"restart" is not a built-in kind: say which with kind:');
    expect(text).toContain('a high-risk action needs approvers (groups, users or roles)');
    expect(text).toContain('no role named "security" (define it under access.roles)');
    expect(text).toContain('expected a Slack user id (U…)');
  });
});
