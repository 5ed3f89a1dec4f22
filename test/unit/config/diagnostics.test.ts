// Tests: the `diagnostics` section of firebreak.yaml — defaults, validation (one readable line per
// problem) and the `firebreak check` warnings for sources configured without their credentials.
import { describe, expect, it } from 'vitest';
import { parseFileConfig } from '../../../src/config/file.js';
import type { FileConfig } from '../../../src/config/file-schema.js';
import { diagnosticsWarnings, formatWarnings, type DiagnosticsEnvFacts } from '../../../src/config/warnings.js';
import { lineLocator } from '../../../src/config/yaml-locate.js';

const NONE: DiagnosticsEnvFacts = { datadog: false, sentry: false, pagerdutyToken: false, github: false, deployWebhook: false, isSet: () => false };
const ALL: DiagnosticsEnvFacts = { datadog: true, sentry: true, pagerdutyToken: true, github: true, deployWebhook: true, isSet: () => true };

function parse(text: string): FileConfig {
  const parsed = parseFileConfig(text, 'firebreak.yaml');
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.value;
}
const problems = (text: string) => {
  const parsed = parseFileConfig(text, 'firebreak.yaml');
  return parsed.ok ? [] : parsed.errors;
};
const warn = (text: string, env: DiagnosticsEnvFacts) => formatWarnings(diagnosticsWarnings(parse(text), env), lineLocator(text));

const FULL = `
routing:
  repositories: { checkout: acme/checkout }
  rules:
    - { name: payments, match: { service: [payments] }, diagnostics: true }
diagnostics:
  timeout: 3s
  cache: 30s
  sources: { sentry: false }
  probes:
    - name: checkout-health
      service: checkout
      url: https://checkout.example.com/healthz
      method: HEAD
      expect_status: 204
      timeout: 1500ms
      headers: { Authorization: CHECKOUT_PROBE_TOKEN }
  services:
    checkout: { pagerduty_service: PABC123, datadog_service: checkout-web }
`;

describe('diagnostics config', () => {
  it('defaults to on, on declaration, 5 s per source, 60 s cache, every source, deploys of the last 2 hours', () => {
    expect(parse('').diagnostics).toEqual({
      enabled: true, onDeclare: true, sources: { datadog: true, sentry: true, pagerduty: true, probes: true, changes: true },
      timeoutMs: 5000, cacheMs: 60_000, maxConcurrent: 16, changesWindowMs: 7_200_000, probes: [], services: {},
    });
  });

  it('reads probes, per-service settings, repositories and a rule’s diagnostics switch', () => {
    const cfg = parse(FULL);
    expect(cfg.diagnostics).toMatchObject({
      timeoutMs: 3000, cacheMs: 30_000, sources: { sentry: false, datadog: true },
      probes: [{ name: 'checkout-health', service: 'checkout', url: 'https://checkout.example.com/healthz', method: 'HEAD', expectStatus: 204, timeoutMs: 1500, headers: { Authorization: 'CHECKOUT_PROBE_TOKEN' } }],
      services: { checkout: { pagerdutyService: 'PABC123', datadogService: 'checkout-web' } },
    });
    expect(cfg.routing.repositories).toEqual({ checkout: 'acme/checkout' });
    expect(cfg.routing.rules[0]).toMatchObject({ name: 'payments', diagnostics: true });
  });

  it('names each problem with its line', () => {
    expect(problems(`
diagnostics:
  timeout: 2m
  sources: { splunk: true }
  probes:
    - { name: a, url: "ftp://x" }
    - { name: a, url: "https://x.example.com", headers: { Authorization: "not a var" } }
  services:
    checkout: { pagerduty_service: nope }
routing:
  repositories: { checkout: "not a repo" }
`)).toEqual([
      'diagnostics.timeout (line 3): expected at most 1m, got 2m',
      'diagnostics.sources.splunk (line 4): unknown key',
      'diagnostics.probes[0].url (line 6): expected an http(s) URL',
      'diagnostics.probes[1].headers.Authorization (line 7): expected an environment variable name like "CHECKOUT_PROBE_TOKEN"',
      'diagnostics.probes[1].name (line 7): duplicate probe name "a"',
      'diagnostics.services.checkout.pagerduty_service (line 9): expected a PagerDuty service id like "PABC123"',
      'routing.repositories.checkout (line 11): expected a GitHub repository like "acme/checkout"',
    ]);
    expect(problems('diagnostics:\n  probes:\n    - { name: a, url: "https://x.example.com" }\n    - { name: a, url: "https://y.example.com" }\n'))
      .toEqual(['diagnostics.probes[1].name (line 4): duplicate probe name "a"']);
  });

  it('warns about sources configured without their credentials, and says nothing when they are present', () => {
    expect(warn(FULL, ALL)).toEqual([]);
    expect(warn(FULL, NONE)).toEqual([
      'warning: routing.repositories (line 3): GITHUB_TOKEN is not set: deployments and releases are not read (only POST /webhooks/deploy events are shown)',
      'warning: diagnostics.probes[0].headers.Authorization (line 17): CHECKOUT_PROBE_TOKEN is not set: the probe is sent without its Authorization header',
      'warning: diagnostics.services.checkout.pagerduty_service (line 19): PAGERDUTY_TOKEN is not set: who is on call is not looked up',
      'warning: diagnostics.services.checkout.datadog_service (line 19): DATADOG_API_KEY and DATADOG_APP_KEY are needed: Datadog is not asked',
    ]);
    expect(warn('routing:\n  rules:\n    - { match: { service: [x] }, diagnostics: true }\n', NONE)).toEqual([
      'warning: routing.rules[0].diagnostics (line 3): no diagnostics source has its credentials (DATADOG_API_KEY/DATADOG_APP_KEY, SENTRY_AUTH_TOKEN/SENTRY_ORG, PAGERDUTY_TOKEN, GITHUB_TOKEN or DEPLOY_WEBHOOK_SECRET, or diagnostics.probes): nothing runs',
    ]);
    expect(warn('diagnostics:\n  enabled: false\n  services: { x: { pagerduty_service: PABC123 } }\n', NONE)).toEqual([]);
  });
});
