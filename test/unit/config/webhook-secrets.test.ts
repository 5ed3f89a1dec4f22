// Tests: webhook signing secrets come from the environment variables firebreak.yaml names, as Secrets
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { secretValues } from '../../../src/config/index.js';
import { createRedactor } from '../../../src/observability/redact.js';

const YAML = `
escalation:
  webhooks:
    ops-bridge: { url: "https://ops.example.com/hook", secret_env: OPS_BRIDGE_SECRET }
    status-page: { url: "https://status.example.com/hook", secret_env: STATUS_PAGE_SECRET }
    unsigned: { url: "https://other.example.com/hook" }
`;

describe('webhook secrets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-webhook-secrets-'));
  const path = join(dir, 'firebreak.yaml');
  writeFileSync(path, YAML);

  it('reads each secret from the variable its webhook names, as a Secret that prints redacted', () => {
    const result = loadConfig({ FIREBREAK_CONFIG: path, OPS_BRIDGE_SECRET: 'ops-secret-1', STATUS_PAGE_SECRET: 'status-secret-2' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.keys(result.value.webhookSecrets).sort()).toEqual(['ops-bridge', 'status-page']);
    expect(result.value.webhookSecrets['ops-bridge']!.reveal()).toBe('ops-secret-1');
    expect(JSON.stringify(result.value.webhookSecrets)).not.toContain('secret-');
    expect(redactorOf(result.value)('signature computed with ops-secret-1 and status-secret-2')).not.toMatch(/ops-secret-1|status-secret-2/);
  });

  it('names each unset variable in one line', () => {
    expect(loadConfig({ FIREBREAK_CONFIG: path, OPS_BRIDGE_SECRET: '  ' })).toEqual({
      ok: false,
      errors: [
        "OPS_BRIDGE_SECRET: not set (escalation.webhooks.ops-bridge.secret_env names it as the webhook's signing secret)",
        "STATUS_PAGE_SECRET: not set (escalation.webhooks.status-page.secret_env names it as the webhook's signing secret)",
      ],
    });
  });
});

function redactorOf(config: Parameters<typeof secretValues>[0]) {
  return createRedactor(secretValues(config));
}

describe('the Jira API token in logs', () => {
  it('is cut from every log line, as is the basic-auth value made from it', async () => {
    const { createLogger } = await import('../../../src/observability/logger.js');
    const { Writable } = await import('node:stream');
    const token = 'ATATT3xLogJiraToken0123456789';
    const path = join(mkdtempSync(join(tmpdir(), 'firebreak-jira-log-')), 'firebreak.yaml');
    writeFileSync(path, 'followups:\n  jira: { project: OPS }\n');
    const result = loadConfig({ FIREBREAK_CONFIG: path, JIRA_URL: 'https://acme.atlassian.net', JIRA_EMAIL: 'bot@acme.example', JIRA_API_TOKEN: token });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const lines: string[] = [];
    const log = createLogger('info', redactorOf(result.value), new Writable({ write: (chunk: Buffer, _enc, done) => { lines.push(chunk.toString()); done(); } }));
    const basic = Buffer.from(`bot@acme.example:${token}`).toString('base64');
    log.warn({ err: new Error(`jira said: bad token ${token}`), header: basic }, `could not sync with ${token}`);
    log.flush();
    expect(lines.join('')).toContain('[redacted]');
    expect(lines.join('')).not.toContain(token);
    expect(lines.join('')).not.toContain(basic);
  });
});
