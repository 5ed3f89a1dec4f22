// Edge (console): the JSON API behind FIREBREAK_API_TOKEN — incidents (filtered, paged), one
// incident, its timeline, stats — and docs/openapi.yaml agreeing with the routes and their answers.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { API_PATHS } from '../../../../src/edges/console/api.js';
import { deliver, startTestServer } from '../../../support/webhooks.js';

const TOKEN = 'api-token-for-tests-0123456789abcdef';
const alert = (key: string, title: string, severity: string, service: string) => Buffer.from(JSON.stringify({ key, status: 'firing', title, severity, service }));
const openapi = parse(readFileSync(new URL('../../../../docs/openapi.yaml', import.meta.url), 'utf8')) as {
  openapi: string;
  paths: Record<string, { get?: { responses: Record<string, { content?: { 'application/json': { schema: { required?: string[] } } } }> } }>;
};

describe('JSON API', () => {
  let app: Awaited<ReturnType<typeof startTestServer>>;
  const api = (path: string, token: string | null = TOKEN) => fetch(`${app.url}${path}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    app = await startTestServer('routing:\n  defaults: { declare: sev4 }\ntargets:\n  sev1: { acknowledge: 5m }\n', { FIREBREAK_API_TOKEN: TOKEN });
    for (const [i, sev, service] of [[1, 'sev1', 'checkout'], [2, 'sev2', 'search'], [3, 'sev3', 'auth']] as const) {
      expect((await deliver(app.url, 'generic', alert(`api-${i}`, `Problem ${i}`, sev, service))).status).toBe(202);
    }
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('asks for the bearer token, compared exactly', async () => {
    for (const token of [null, `${TOKEN}x`, TOKEN.slice(1), '']) {
      const res = await api('/api/incidents', token);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    }
  });

  it('lists incidents open first with filters and paging, and names a bad parameter with 400', async () => {
    const all = (await (await api('/api/incidents')).json()) as { total: number; items: Array<{ number: number; severity: string; service: string; open: boolean }> };
    expect(all.total).toBe(3);
    expect(all.items.map((i) => i.number)).toEqual([3, 2, 1]);
    const second = (await (await api('/api/incidents?limit=1&page=2')).json()) as typeof all & { page: number; limit: number };
    expect(second).toMatchObject({ total: 3, page: 2, limit: 1 });
    expect(second.items.map((i) => i.number)).toEqual([2]);
    const search = (await (await api('/api/incidents?service=search&severity=sev2')).json()) as typeof all;
    expect(search.items.map((i) => [i.number, i.service, i.severity])).toEqual([[2, 'search', 'sev2']]);
    const bad = await api('/api/incidents?limit=5000');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'limit must be a whole number from 1 to 200', field: 'limit' });
  });

  it('answers one incident, its timeline, and 404 for an unknown number', async () => {
    const one = (await (await api('/api/incidents/1')).json()) as { incident: Record<string, unknown>; alerts: unknown[] };
    expect(one.incident).toMatchObject({ number: 1, title: 'Problem 1', severity: 'sev1', service: 'checkout', private: false, alerts_firing: 1 });
    expect(one.alerts).toHaveLength(1);
    const timeline = (await (await api('/api/incidents/1/timeline')).json()) as { items: Array<{ kind: string; message: string }> };
    expect(timeline.items[0]).toMatchObject({ kind: 'incident.declared', message: 'Incident #1 declared: Problem 1 (sev1)' });
    expect((await api('/api/incidents/77')).status).toBe(404);
    expect((await api('/api/incidents/77/timeline')).status).toBe(404);
  });

  it('answers response figures by week', async () => {
    const stats = (await (await api('/api/stats?range=30d')).json()) as { weeks: Array<{ incidents: number; by_severity: Record<string, number> }> };
    expect(stats.weeks.reduce((n, w) => n + w.incidents, 0)).toBe(3);
    expect(stats.weeks.reduce((n, w) => n + w.by_severity.sev1!, 0)).toBe(1);
    expect((await api('/api/stats?range=forever')).status).toBe(400);
  });

  it('answers the targets met per severity with the stats, the others as no target', async () => {
    const stats = (await (await api('/api/stats?range=30d')).json()) as { targets: Record<string, unknown> };
    const pending = { met: 0, missed: 0, pending: 1, unmeasured: 0, met_share: null };
    expect(stats.targets).toEqual({
      set: { sev1: { acknowledge_ms: 300_000 } },
      by_severity: [{ severity: 'sev1', incidents: 1, measures: [{ measure: 'acknowledge', target_ms: 300_000, ...pending }], overall: pending }],
      total: { incidents: 1, measures: [{ measure: 'acknowledge', ...pending }], overall: pending },
      no_target: { incidents: 2, by_severity: [{ severity: 'sev2', incidents: 1 }, { severity: 'sev3', incidents: 1 }] },
    });
    const auth = (await (await api('/api/stats?service=auth')).json()) as { targets: { by_severity: Array<{ incidents: number }>; no_target: unknown } };
    expect(auth.targets.by_severity[0]!.incidents).toBe(0);
    expect(auth.targets.no_target).toEqual({ incidents: 1, by_severity: [{ severity: 'sev3', incidents: 1 }] });
  });

  it('is documented by docs/openapi.yaml: the same paths, and each answers with the fields its schema requires', async () => {
    expect(openapi.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.paths).sort()).toEqual([...API_PATHS].sort());
    for (const [path, item] of Object.entries(openapi.paths)) {
      const res = await api(path.replace('{number}', '1'));
      expect(res.status, path).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      const required = item.get!.responses['200']!.content!['application/json'].schema.required ?? [];
      for (const field of required) expect(body, `${path} answers ${field}`).toHaveProperty(field);
      expect(Object.keys(item.get!.responses)).toContain('401');
    }
  });
});

describe('JSON API without FIREBREAK_API_TOKEN', () => {
  it('is off, and says which variable turns it on', async () => {
    const app = await startTestServer();
    try {
      const res = await fetch(`${app.url}/api/incidents`, { headers: { authorization: 'Bearer anything' } });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: 'the JSON API is off: set FIREBREAK_API_TOKEN' });
    } finally {
      await app.stop();
    }
  });
});
