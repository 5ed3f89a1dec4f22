// Integrations: health probes as a diagnostics source — HTTP(S) checks from `diagnostics.probes`
// (URL, method, expected status, timeout, headers whose values come from environment variables):
// status, latency and, over https, the certificate's expiry. Probes of one incident run in parallel.
import http from 'node:http';
import https from 'node:https';
import { rootCertificates, type TLSSocket } from 'node:tls';
import type { ProbeResult } from '../../domain/diagnostics.js';
import type { DiagnosticsSource } from '../../effects/diagnostics-source.js';
import type { ProbeConfig } from '../../config/diagnostics-schema.js';
import type { Secret } from '../../config/secret.js';

/** A probe as `diagnostics.probes` configures it (header values are read from the variables it names). */
export type ProbeSpec = ProbeConfig;

export interface ProbesOptions {
  probes: () => ProbeSpec[];
  /** Header values by probe name, read by config from the variables the probe names (absent: not sent). */
  headerValues: Record<string, Record<string, Secret>>;
  /** Trusted CA certificates for https probes (PEM) besides the system's; tests pass their own. */
  ca?: string[];
}

export function createProbesSource(opts: ProbesOptions): DiagnosticsSource {
  return {
    name: 'probes',
    configured: () => opts.probes().length > 0,
    ask(subject) {
      const names = opts.probes().filter((p) => p.service === null || p.service === subject.service).map((p) => p.name);
      if (names.length === 0) return { ok: false, reason: `no probe for service ${subject.service ?? '(none)'}` };
      return { ok: true, query: { probes: names } };
    },
    async fetch(query, { signal }) {
      const wanted = new Set(query.probes as string[]);
      const probes = opts.probes().filter((p) => wanted.has(p.name));
      const results = await Promise.all(probes.map((p) => runProbe(p, opts.headerValues[p.name] ?? {}, signal, opts.ca)));
      return { ok: true, value: { finding: { source: 'probes', probes: results }, problems: [] } };
    },
  };
}

/** One probe: never throws; a failure is its result (`status: null`, one short `error`). */
export function runProbe(p: ProbeSpec, headerValues: Record<string, Secret>, outer: AbortSignal, ca?: string[]): Promise<ProbeResult> {
  const base = { name: p.name, url: p.url, method: p.method, expectStatus: p.expectStatus };
  const headers: Record<string, string> = { 'user-agent': 'firebreak-probe' };
  for (const [name, secret] of Object.entries(headerValues)) headers[name] = secret.reveal();
  const url = new URL(p.url);
  const client = url.protocol === 'https:' ? https : http;
  const started = performance.now();
  return new Promise<ProbeResult>((resolve) => {
    let settled = false;
    const finish = (r: Omit<ProbeResult, keyof typeof base>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...base, ...r });
    };
    const req = client.request(url, {
      method: p.method, headers, signal: outer, agent: false,
      // `ca` replaces Node's trust store: keep the system's roots beside the extra ones.
      ...(url.protocol === 'https:' && ca ? { ca: [...rootCertificates, ...ca] } : {}),
    });
    const timer = setTimeout(() => {
      finish({ status: null, ok: false, latencyMs: null, certExpiresAt: null, error: `no answer within ${p.timeoutMs} ms` });
      req.destroy();
    }, p.timeoutMs);
    req.on('response', (res) => {
      const latencyMs = Math.round(performance.now() - started);
      const socket = res.socket as TLSSocket;
      const cert = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : null;
      const certExpiresAt = cert && cert.valid_to ? new Date(cert.valid_to).toISOString() : null;
      res.resume();
      const status = res.statusCode ?? 0;
      finish({ status, ok: status === p.expectStatus, latencyMs, certExpiresAt, error: null });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      // The code says what happened (ECONNREFUSED, CERT_HAS_EXPIRED …); the message may carry more than we want to show.
      const why = outer.aborted ? 'stopped' : (err.code ?? 'request failed');
      finish({ status: null, ok: false, latencyMs: null, certExpiresAt: null, error: why });
    });
    req.end();
  });
}
