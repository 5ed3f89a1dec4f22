// Bench: declaration → complete Diagnostics message. Datadog alerts declare incidents (5 a second);
// every vendor (Datadog, PagerDuty, GitHub, the health probe) is a loopback fake answering each call
// in 200 ms; the fake Slack answers at once. Measured from the webhook's POST to the Slack call
// (post or edit) whose message says every source answered; plus vendor calls per incident.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { startFirebreak } from '../../src/main.js';
import { silentLogger } from '../../src/observability/observer.js';
import { startFakeSlack } from '../../test/support/fake-slack.js';
import { startFakeVendors } from '../../test/support/fake-vendors.js';
import { freshStoreEnv, percentile, report } from '../support.js';

const kind = (process.argv[2] ?? 'postgres') as 'embedded' | 'postgres';
const INCIDENTS = Number(process.argv[3] ?? 50);
const VENDOR_MS = 200;
const DD_SECRET = 'bench-dd-secret-0123';

const template = JSON.parse(readFileSync(new URL('../../../test/fixtures/datadog/triggered.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const services = Array.from({ length: INCIDENTS }, (_, i) => `svc-${i}`);

const store = await freshStoreEnv(kind);
{
  const fake = await startFakeSlack();
  const vendors = await startFakeVendors();
  for (const v of ['datadog', 'pagerduty', 'github', 'probe'] as const) vendors.delay[v] = VENDOR_MS;
  const dir = mkdtempSync(join(tmpdir(), 'fb-bench-diag-'));
  writeFileSync(join(dir, 'firebreak.yaml'), `
routing:
  defaults: { declare: sev3 }
  repositories: { ${services.map((s) => `${s}: acme/${s}`).join(', ')} }
sources: { max_declarations_per_minute: false }
diagnostics:
  probes:
    - { name: edge-health, url: "${vendors.url}/probe/health" }
  services: { ${services.map((s, i) => `${s}: { pagerduty_service: PSVC${String(i).padStart(3, '0')} }`).join(', ')} }
`);
  const config = loadConfig({
    ...store.env, ...vendors.env, FIREBREAK_CONFIG: join(dir, 'firebreak.yaml'), DATADOG_WEBHOOK_SECRET: DD_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: 'bench-signing-secret', SLACK_API_URL: fake.url,
  });
  if (!config.ok) throw new Error(config.errors.join('\n'));
  config.value.env.port = 0;
  const app = await startFirebreak(config.value, silentLogger, { host: '127.0.0.1' });
  const sentAt = new Map<number, number>();
  try {
    for (let i = 0; i < INCIDENTS; i++) {
      const started = Date.now();
      const body = {
        ...template, id: `bench-${i}`, alert_id: String(1000 + i), alert_cycle_key: `bench-cycle-${i}`, aggreg_key: `bench-${i}`,
        tags: `env:prod, monitor, service:${services[i]}`, alert_scope: `env:prod, service:${services[i]}`,
      };
      const res = await fetch(`http://127.0.0.1:${app.port}/webhooks/datadog`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-firebreak-token': DD_SECRET }, body: JSON.stringify(body),
      });
      const answer = (await res.json()) as { declared?: number[] };
      for (const n of answer.declared ?? []) sentAt.set(n, started);
      await new Promise((r) => setTimeout(r, Math.max(0, started + 200 - Date.now())));
    }
    const completeAt = () => {
      const out = new Map<number, number>();
      for (const call of fake.calls) {
        if ((call.method !== 'chat.postMessage' && call.method !== 'chat.update') || !call.ok) continue;
        const m = /^Diagnostics for #(\d+) .*: all sources answered$/.exec(String(call.params.text ?? ''));
        if (m && !out.has(Number(m[1]))) out.set(Number(m[1]), call.at);
      }
      return out;
    };
    const deadline = Date.now() + 120_000;
    while (completeAt().size < sentAt.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const done = completeAt();
    const latencies = [...sentAt].filter(([n]) => done.has(n)).map(([n, t]) => done.get(n)! - t).sort((a, b) => a - b);
    report({
      bench: 'declaration → complete Diagnostics message', store: kind, vendor_ms: VENDOR_MS, incidents: sentAt.size, complete: latencies.length,
      p50_ms: percentile(latencies, 50), p99_ms: percentile(latencies, 99), max_ms: latencies.at(-1),
      vendor_calls_per_incident: Math.round((vendors.count() / Math.max(1, sentAt.size)) * 10) / 10,
      by_vendor: (['datadog', 'pagerduty', 'github', 'probe'] as const).map((v) => `${v}:${vendors.count(v)}`).join(','),
    });
  } finally {
    await app.stop();
    await vendors.close();
    await fake.close();
    await store.cleanup();
  }
}
process.exit(0);
