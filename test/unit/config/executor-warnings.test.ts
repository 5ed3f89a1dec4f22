// Tests: `firebreak check` warnings for remediation catalog entries whose executor cannot run them here.
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../../src/config/env.js';
import { executorWarnings } from '../../../src/config/warnings.js';
import { executorFacts } from '../../../src/integrations/executors.js';

const env = (vars: Record<string, string>) => {
  const r = parseEnv(vars);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.value;
};

describe('executorWarnings', () => {
  const facts = executorFacts(env({ GITHUB_TOKEN: 'ghp_123456' }), { webhooks: {} });

  it('says nothing for an entry its executor can run', () => {
    expect(executorWarnings({ rollback: { kind: 'rollback', executor: 'github', settings: { repository: 'acme/shop', workflow: 'rollback.yml' } } }, facts)).toEqual([]);
  });

  it('warns about an unconfigured executor, naming what it needs', () => {
    expect(executorWarnings({ block_ip: { kind: 'block_ip', executor: 'cloudflare', settings: { zone_id: '023e105f4ecef8ad9ca31a8372d0c353' } } }, facts)).toEqual([
      { path: ['actions', 'block_ip', 'executor'], message: 'executor cloudflare is not configured (it needs CLOUDFLARE_API_TOKEN): requests are refused when they come to run' },
    ]);
    expect(executorWarnings({ 'restart-workers': { kind: 'run', executor: 'webhook', settings: { webhook: 'ops' } } }, facts)[0]?.message).toContain('it needs a webhook under escalation.webhooks');
  });

  it('warns about an unknown executor, a kind it cannot do, and settings it refuses (with their path)', () => {
    expect(executorWarnings({ block_ip: { kind: 'block_ip', executor: 'akamai', settings: {} } }, facts)).toEqual([
      { path: ['actions', 'block_ip', 'executor'], message: 'no executor named "akamai" (there are: cloudflare, supabase, github, webhook): every request is refused' },
    ]);
    expect(executorWarnings({ block_ip: { kind: 'block_ip', executor: 'github', settings: { repository: 'acme/shop', workflow: 'rollback.yml' } } }, facts)).toEqual([
      { path: ['actions', 'block_ip', 'executor'], message: 'executor github cannot carry out block_ip (it does: rollback)' },
    ]);
    expect(executorWarnings({ rollback: { kind: 'rollback', executor: 'github', settings: { repository: 'acme/shop' } } }, facts)).toEqual([
      { path: ['actions', 'rollback', 'settings', 'workflow'], message: expect.stringContaining('(executor github refuses these settings when a request runs)') },
    ]);
  });
});
