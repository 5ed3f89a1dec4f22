// Tests: the executor registry — only configured executors are offered to the approvals feature,
// each built from the environment's base URLs; what `firebreak check` learns about each.
import { describe, expect, it } from 'vitest';
import { parseEnv, type Env } from '../../../src/config/env.js';
import { Secret } from '../../../src/config/secret.js';
import { createExecutors, EXECUTORS, executorFacts } from '../../../src/integrations/executors.js';
import { startFakeVendor } from '../../support/fake-vendor.js';

function env(vars: Record<string, string>): Env {
  const result = parseEnv(vars);
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.value;
}

const ops = { url: 'https://ops.example.com/hook', secret: new Secret('whsec-0123456789'), timeoutMs: 5_000 };

describe('createExecutors', () => {
  it('lists none with an empty environment and no webhooks', () => {
    expect([...createExecutors(env({}), { webhooks: {} }).keys()]).toEqual([]);
  });

  it('lists each executor whose credentials are present', () => {
    const all = createExecutors(
      env({ CLOUDFLARE_API_TOKEN: 'cf-token-123456', REMEDIATION_SUPABASE_URL: 'https://app.supabase.co', REMEDIATION_SUPABASE_SERVICE_ROLE_KEY: 'srk-123456', GITHUB_TOKEN: 'ghp_123456' }),
      { webhooks: { ops } },
    );
    expect([...all.keys()].sort()).toEqual(['cloudflare', 'github', 'supabase', 'webhook']);
    expect(all.get('github')).toMatchObject({ idempotent: false, kinds: ['rollback'] });
    expect(all.get('cloudflare')).toMatchObject({ idempotent: true });
    // half a Supabase configuration is none
    expect([...createExecutors(env({ REMEDIATION_SUPABASE_URL: 'https://app.supabase.co' }), { webhooks: {} }).keys()]).toEqual([]);
  });

  it('each executor reaches the base URL from the environment (CLOUDFLARE_API_URL on loopback)', async () => {
    const fake = await startFakeVendor(() => ({ status: 200, body: { success: true, errors: [], result: { id: '92f17202ed8bd63d69a66b86a49a8f6b' } } }), '/client/v4');
    try {
      const cf = createExecutors(env({ CLOUDFLARE_API_TOKEN: 'cf-token-123456', CLOUDFLARE_API_URL: fake.base }), { webhooks: {} }).get('cloudflare')!;
      const result = await cf.execute(
        { requestId: 'r', kind: 'block_ip', action: 'block_ip', params: { ip: '45.33.32.156' }, settings: { zone_id: '023e105f4ecef8ad9ca31a8372d0c353' }, note: 'n' },
        new AbortController().signal,
      );
      expect(result.ok).toBe(true);
      expect(fake.seen[0]).toMatchObject({ method: 'POST', path: '/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/firewall/access_rules/rules', headers: { authorization: 'Bearer cf-token-123456' } });
    } finally {
      await fake.close();
    }
  });
});

describe('executorFacts', () => {
  it('says what each needs and checks settings against its schema', () => {
    const facts = executorFacts(env({ GITHUB_TOKEN: 'ghp_123456' }), { webhooks: {} });
    expect([...facts.keys()]).toEqual(Object.keys(EXECUTORS));
    expect(facts.get('github')).toMatchObject({ configured: true, needs: 'GITHUB_TOKEN' });
    expect(facts.get('cloudflare')).toMatchObject({ configured: false, needs: 'CLOUDFLARE_API_TOKEN' });
    expect(facts.get('github')!.settingsProblems({ repository: 'acme/shop', workflow: 'rollback.yml' })).toEqual([]);
    expect(facts.get('github')!.settingsProblems({ repository: 'acme', workflow: 'rollback.yml' })).toEqual([{ path: ['repository'], message: 'expected owner/repo' }]);
    expect(facts.get('cloudflare')!.settingsProblems({})).toEqual([{ path: [], message: 'expected exactly one of zone_id or account_id' }]);
  });
});
