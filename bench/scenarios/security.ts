// Bench: security events through detection on PostgreSQL, beside a ceiling measured in the same run.
// The ceiling is the least a receiver can do — a node:http server that checks the same bearer token,
// parses the JSON batch and INSERTs each event into a scratch table (one transaction per batch) —
// in its own process like Firebreak's server, on the same PostgreSQL server, sent the same batches.
// A second, stronger ceiling inserts the whole batch in one statement (no rule counting at all).
// Then the rule-firing latency: from the 202 of the threshold-crossing event to the `security` alert
// stored (the incident it declares is committed with it, in fb_alert_ingest).
import { spawn, type ChildProcess } from 'node:child_process';
import { timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { freshStoreEnv, inParallel, percentile, report } from '../support.js';
import { freePort } from '../../test/support/http.js';

const cli = fileURLToPath(new URL('../../src/cli/index.js', import.meta.url));
const self = fileURLToPath(import.meta.url);
const TOKEN = 'bench-security-token-0123456789';
const BATCH = 100;
const CONNECTIONS = 20;
const SECONDS = Number(process.env.BENCH_SECURITY_SECONDS ?? 10);
const ATTACKS = Number(process.env.BENCH_SECURITY_ATTACKS ?? 60);
const POOL = 10; // Firebreak's PostgreSQL pool size (src/store/transports/postgres.ts)

const CONFIG = `
sources: { max_declarations_per_minute: false }
detections:
  - name: failed-login-burst
    match: { type: auth.login_failed }
    key: ip
    window: 5m
    threshold: 10
    declare: { severity: sev2, service: auth, title: "Failed logins from {key}" }
    propose: { action: block_ip, ttl: 24h }
`;

/** The ceiling: verify the bearer, parse, one INSERT per event in one transaction per batch, 202. */
async function serveCeiling(port: number, url: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: POOL });
  await pool.query(`create table if not exists scratch_events (
    id bigserial primary key, event_key text, type text not null, occurred_at timestamptz not null, attributes jsonb not null)`);
  const expected = Buffer.from(`Bearer ${TOKEN}`);
  const server = createServer((req, res) => {
    const given = Buffer.from(String(req.headers.authorization ?? ''));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.writeHead(401).end();
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const events = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Array<{ id: string; type: string; time: string; attributes: Record<string, string> }>;
        const client = await pool.connect();
        try {
          if (req.url === '/one-statement') {
            // The stronger ceiling: the whole batch in one INSERT … SELECT from the JSON.
            await client.query(`insert into scratch_events (event_key, type, occurred_at, attributes)
              select e->>'id', e->>'type', (e->>'time')::timestamptz, e->'attributes' from jsonb_array_elements($1::jsonb) e`, [JSON.stringify(events)]);
          } else {
            await client.query('begin');
            for (const e of events) {
              await client.query('insert into scratch_events (event_key, type, occurred_at, attributes) values ($1, $2, $3, $4)', [e.id, e.type, e.time, JSON.stringify(e.attributes)]);
            }
            await client.query('commit');
          }
          res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ stored: events.length }));
        } catch {
          await client.query('rollback').catch(() => undefined);
          res.writeHead(503).end();
        } finally {
          client.release();
        }
      })();
    });
  });
  server.listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
}

async function waitReady(url: string): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not listening yet
    }
    if (i > 600) throw new Error(`${url} did not become ready`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  proc.kill('SIGTERM');
  await new Promise((r) => proc.once('exit', r));
}

let sequence = 0;
/** A batch of failed logins from addresses spread wide enough that none reaches the threshold. */
function spreadBatch(): string {
  const now = new Date().toISOString();
  const events = Array.from({ length: BATCH }, () => {
    const n = sequence++;
    return { id: `bench-${n}`, type: 'auth.login_failed', time: now, attributes: { ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`, user: `user-${n % 997}`, outcome: 'failure' } };
  });
  return JSON.stringify(events);
}

async function load(url: string, seconds: number): Promise<{ eventsPerSecond: number; p99: number; accepted: number; other: number }> {
  const result = await autocannon({
    url, method: 'POST', connections: CONNECTIONS, duration: seconds,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    requests: [{ setupRequest: (req) => ({ ...req, body: spreadBatch() }) }],
  });
  const accepted = result['2xx'];
  return { eventsPerSecond: Math.round((accepted * BATCH) / seconds), p99: result.latency.p99, accepted, other: result.non2xx + result.errors };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fb-bench-security-'));
  writeFileSync(join(dir, 'firebreak.yaml'), CONFIG);
  const firebreakStore = await freshStoreEnv('postgres');
  const ceilingStore = await freshStoreEnv('postgres');
  const procs: ChildProcess[] = [];
  try {
    // Firebreak, as `firebreak start` runs it.
    const port = await freePort();
    const fb = spawn(process.execPath, [cli, 'start'], {
      env: { PATH: process.env.PATH ?? '', PORT: String(port), SECURITY_EVENTS_TOKEN: TOKEN, LOG_LEVEL: 'error', FIREBREAK_CONFIG: join(dir, 'firebreak.yaml'), ...firebreakStore.env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    procs.push(fb);
    const fbBase = `http://127.0.0.1:${port}`;
    await waitReady(`${fbBase}/readyz`);

    const ceilingPort = await freePort();
    const ceiling = spawn(process.execPath, [self, 'ceiling-server', String(ceilingPort), ceilingStore.env.DATABASE_URL!], { stdio: ['ignore', 'ignore', 'inherit'] });
    procs.push(ceiling);
    const ceilingUrl = `http://127.0.0.1:${ceilingPort}/`;
    await waitReady(ceilingUrl);

    // Warm both (JIT, pools), then measure each for the same time with the same batches.
    await load(ceilingUrl, 2);
    await load(`${fbBase}/webhooks/events`, 2);
    const base = await load(ceilingUrl, SECONDS);
    const fbRun = await load(`${fbBase}/webhooks/events`, SECONDS);
    const oneStatement = await load(`${ceilingUrl}one-statement`, SECONDS);
    report({
      bench: 'security events', store: 'postgres', batch: BATCH, connections: CONNECTIONS, seconds: SECONDS,
      ceiling_events_s: base.eventsPerSecond, firebreak_events_s: fbRun.eventsPerSecond,
      ratio: +(fbRun.eventsPerSecond / base.eventsPerSecond).toFixed(2),
      ceiling_p99_ms: base.p99, firebreak_p99_ms: fbRun.p99, firebreak_non_2xx: fbRun.other,
      one_statement_events_s: oneStatement.eventsPerSecond, ratio_to_one_statement: +(fbRun.eventsPerSecond / oneStatement.eventsPerSecond).toFixed(2),
    });
    await stop(ceiling);

    // Rule-firing latency: each attack sends nine failed logins, then the tenth alone; the clock
    // starts at that request's 202 and stops when the `security` alert for its IP is in the store.
    const db = new pg.Pool({ connectionString: firebreakStore.env.DATABASE_URL!, max: 4 });
    const latencies: number[] = [];
    let missed = 0;
    const send = async (events: object[]) => {
      const res = await fetch(`${fbBase}/webhooks/events`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(events),
      });
      if (res.status !== 202) throw new Error(`events answered ${res.status}`);
      return (await res.json()) as { firings: number };
    };
    await inParallel(ATTACKS, 4, async (i) => {
      const ip = `198.18.${i >> 8}.${i & 255}`;
      const login = (k: number) => ({ id: `attack-${i}-${k}`, type: 'auth.login_failed', time: new Date().toISOString(), attributes: { ip, user: `victim-${i}` } });
      await send(Array.from({ length: 9 }, (_, k) => login(k)));
      const crossing = await send([login(9)]);
      const acknowledged = performance.now();
      if (crossing.firings !== 1) throw new Error(`the tenth event of attack ${i} fired ${crossing.firings} times`);
      for (;;) {
        const { rows } = await db.query(`select 1 from alerts where source = 'security' and tags ->> 'ip' = $1`, [ip]);
        if (rows.length > 0) break;
        if (performance.now() - acknowledged > 30_000) {
          missed++;
          return;
        }
        await new Promise((r) => setTimeout(r, 2));
      }
      latencies.push(performance.now() - acknowledged);
    });
    await db.end();
    latencies.sort((a, b) => a - b);
    report({
      bench: 'detection firing latency', store: 'postgres', attacks: ATTACKS, concurrent: 4,
      p50_ms: +percentile(latencies, 50).toFixed(1), p99_ms: +percentile(latencies, 99).toFixed(1), max_ms: +(latencies.at(-1) ?? NaN).toFixed(1), missed,
    });
  } finally {
    for (const p of procs) await stop(p);
    rmSync(dir, { recursive: true, force: true });
    await firebreakStore.cleanup();
    await ceilingStore.cleanup();
  }
}

if (process.argv[2] === 'ceiling-server') await serveCeiling(Number(process.argv[3]), process.argv[4]!);
else {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
