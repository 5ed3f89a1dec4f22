// Bench: alert received → incident channel created and its summary pinned, against a fake Slack
// Web API on loopback that answers at once. 200 incidents, one alert each, arriving 20 a second.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { startFirebreak } from '../../src/main.js';
import { silentLogger } from '../../src/observability/observer.js';
import { startFakeSlack } from '../../test/support/fake-slack.js';
import { freshStoreEnv, percentile, report } from '../support.js';

const kind = (process.argv[2] ?? 'postgres') as 'embedded' | 'postgres';
const INCIDENTS = 200;
const TOKEN = 'bench-token-0123456789';

const store = await freshStoreEnv(kind);
{
  const fake = await startFakeSlack();
  const dir = mkdtempSync(join(tmpdir(), 'fb-bench-slack-'));
  // 200 incidents from one source at 20 a second: over the default storm cap on purpose.
  writeFileSync(join(dir, 'firebreak.yaml'), 'routing:\n  defaults: { declare: sev4 }\nsources: { max_declarations_per_minute: false }\n');
  const config = loadConfig({
    ...store.env, FIREBREAK_CONFIG: join(dir, 'firebreak.yaml'), WEBHOOK_TOKEN: TOKEN,
    SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: 'bench-signing-secret', SLACK_API_URL: fake.url,
  });
  if (!config.ok) throw new Error(config.errors.join('\n'));
  config.value.env.port = 0;
  const app = await startFirebreak(config.value, silentLogger, { host: '127.0.0.1' });
  const sentAt = new Map<number, number>();
  try {
    for (let i = 0; i < INCIDENTS; i++) {
      const started = Date.now();
      const res = await fetch(`http://127.0.0.1:${app.port}/webhooks/generic`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ key: `bench-${i}`, status: 'firing', title: `Service ${i} is down`, severity: 'sev2', service: `bench-svc-${i}` }),
      });
      const body = (await res.json()) as { declared: number[] };
      for (const n of body.declared) sentAt.set(n, started);
      await new Promise((r) => setTimeout(r, Math.max(0, started + 50 - Date.now())));
    }
    const deadline = Date.now() + 120_000;
    const pinnedAt = () => {
      const names = new Map([...fake.state.channels.values()].map((c) => [c.id, c.name]));
      const out = new Map<number, number>();
      for (const call of fake.calls) {
        if (call.method !== 'pins.add' || !call.ok) continue;
        const number = Number(/^inc-(\d+)/.exec(names.get(String(call.params.channel)) ?? '')?.[1]);
        if (!out.has(number)) out.set(number, call.at);
      }
      return out;
    };
    while (pinnedAt().size < sentAt.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const pinned = pinnedAt();
    const latencies = [...sentAt].filter(([n]) => pinned.has(n)).map(([n, t]) => pinned.get(n)! - t).sort((a, b) => a - b);
    report({
      bench: 'alert → channel + pinned summary', store: kind, incidents: sentAt.size, pinned: latencies.length,
      p50_ms: percentile(latencies, 50), p99_ms: percentile(latencies, 99), max_ms: latencies.at(-1),
      slack_calls: fake.calls.length,
    });
  } finally {
    await app.stop();
    await fake.close();
    await store.cleanup();
  }
}
process.exit(0);
