// Bench: webhook ingest on loopback. A real Firebreak server in its own process; autocannon in
// this one. Sustained rate (latency at 500 alerts/s), the ceiling, and an alert storm.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { openEmbedded } from '../../src/store/transports/embedded.js';
import { openPostgres } from '../../src/store/transports/postgres.js';
import type { Transport } from '../../src/store/transport.js';
import { listAlerts, listIncidents } from '../../src/store/incidents.js';
import { freshStoreEnv, report } from '../support.js';
import { freePort } from '../../test/support/http.js';

const kind = (process.argv[2] ?? 'postgres') as 'embedded' | 'postgres';
const cli = fileURLToPath(new URL('../../src/cli/index.js', import.meta.url));
const TOKEN = 'bench-token-0123456789';

interface Server {
  url: string;
  proc: ChildProcess;
  openStore(): Promise<Transport>;
  cleanup(): Promise<void>;
}


async function startServer(): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'fb-bench-ingest-'));
  // The warm-up declares 50 incidents in a fraction of a second on purpose: no storm cap, so the
  // figures measure the same work as before the cap existed.
  writeFileSync(join(dir, 'firebreak.yaml'), 'routing:\n  defaults: { declare: sev2 }\nsources: { max_declarations_per_minute: false }\n');
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '', PORT: String(port), WEBHOOK_TOKEN: TOKEN, LOG_LEVEL: 'warn',
    FIREBREAK_CONFIG: join(dir, 'firebreak.yaml'),
  };
  const store = await freshStoreEnv(kind);
  Object.assign(env, store.env);
  const proc = spawn(process.execPath, [cli, 'start'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 600) throw new Error('server did not become ready');
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = async () => {
    if (proc.exitCode === null) {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    }
  };
  return {
    url: base,
    proc,
    async openStore() {
      await stop();
      return env.DATABASE_URL ? openPostgres(env.DATABASE_URL) : openEmbedded(env.FIREBREAK_DATA_DIR!);
    },
    async cleanup() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
      await store.cleanup();
    },
  };
}

function alertBody(key: string, service: string): string {
  return JSON.stringify({ key, status: 'firing', title: `Latency high on ${service}`, severity: 'sev2', service, tags: { env: 'bench' } });
}

function load(url: string, opts: { rate?: number; seconds?: number; amount?: number; connections: number; body: (n: number) => string }) {
  let n = 0;
  return autocannon({
    url: `${url}/webhooks/generic`,
    method: 'POST',
    connections: opts.connections,
    ...(opts.rate && { overallRate: opts.rate }),
    ...(opts.seconds && { duration: opts.seconds }),
    ...(opts.amount && { amount: opts.amount }),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    requests: [{ setupRequest: (req) => ({ ...req, body: opts.body(n++) }) }],
  });
}

// 1. Sustained 500 alerts/s for 15 s, then 2. the ceiling: as fast as 50 connections go.
{
  const server = await startServer();
  try {
    // Warm-up (JIT, connection pool, the 50 incidents' channels): a running server is warm.
    await load(server.url, { rate: 250, seconds: 5, connections: 20, body: (n) => alertBody(`warmup-${n}`, `svc-${n % 50}`) });
    const body = (n: number) => alertBody(`sustained-${n % 5000}`, `svc-${n % 50}`);
    const steady = await load(server.url, { rate: 500, seconds: 15, connections: 50, body });
    report({
      bench: 'ingest sustained', store: kind, target_rps: 500, achieved_rps: Math.round(steady.requests.average),
      p50_ms: steady.latency.p50, p99_ms: steady.latency.p99, max_ms: steady.latency.max, non_2xx: steady.non2xx, errors: steady.errors,
    });
    const max = await load(server.url, { seconds: 10, connections: 50, body: (n) => alertBody(`max-${n % 20000}`, `svc-${n % 50}`) });
    report({
      bench: 'ingest ceiling', store: kind, connections: 50, rps: Math.round(max.requests.average),
      p50_ms: max.latency.p50, p99_ms: max.latency.p99, shed_503: max.statusCodeStats?.['503']?.count ?? 0, errors: max.errors,
    });
  } finally {
    await server.cleanup();
  }
}

// 3. The storm: 10,000 alerts over 100 keys across 5 services, in one burst.
{
  const server = await startServer();
  try {
    const started = performance.now();
    const storm = await load(server.url, { amount: 10_000, connections: 100, body: (n) => alertBody(`storm-${n % 100}`, `storm-svc-${n % 5}`) });
    const seconds = (performance.now() - started) / 1000;
    const store = await server.openStore();
    try {
      const alerts = (await listAlerts(store)).filter((a) => a.key.startsWith('storm-'));
      const incidents = (await listIncidents(store, false)).filter((i) => i.service?.startsWith('storm-svc-'));
      report({
        bench: 'alert storm', store: kind, deliveries: 10_000, seconds: +seconds.toFixed(1),
        incidents: incidents.length, alerts: alerts.length, counted: alerts.reduce((s, a) => s + a.count, 0),
        responses_5xx: Object.entries(storm.statusCodeStats ?? {}).filter(([code]) => code.startsWith('5')).reduce((sum, [, v]) => sum + (v.count ?? 0), 0), errors: storm.errors,
      });
    } finally {
      await store.close();
    }
  } finally {
    await server.cleanup();
  }
}
process.exit(0);
