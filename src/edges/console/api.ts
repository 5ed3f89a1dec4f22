// Edge (console): the JSON API — the console's data for scripts and dashboards, behind
// `Authorization: Bearer <FIREBREAK_API_TOKEN>` (compared in constant time). The token sees every
// incident, private ones included: it is an operator's credential, not a person's. Documented in
// docs/openapi.yaml; a test keeps API_PATHS and that file's paths the same.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Secret } from '../../config/secret.js';
import type { Browse, IncidentDetail } from '../../incidents/browse.js';
import { bearerToken, constantTimeEqual, revealed } from '../../integrations/verify.js';
import type { Logger } from '../../observability/observer.js';
import type { TargetShares, TargetTally } from '../../reports/index.js';
import { sendJson, type Route } from '../http/server.js';
import { parseListQuery } from './query.js';
import { STATS_RANGES, type StatsRange } from './stats-page.js';
import type { CachedStats } from './stats-cache.js';

/** Every path the API answers, as OpenAPI writes them. */
export const API_PATHS = ['/api/incidents', '/api/incidents/{number}', '/api/incidents/{number}/timeline', '/api/stats'] as const;

export interface ApiDeps {
  browse: Browse;
  stats: CachedStats;
  token: Secret | undefined;
  log: Logger;
}

function incidentJson(d: IncidentDetail) {
  const v = d.incident.view;
  return {
    id: v.id, number: v.number, title: v.title, severity: v.severity, status: v.status, service: v.service,
    roles: v.roles, declared_by: v.declaredBy, declared_at: v.declaredAt, acknowledged_at: v.acknowledgedAt, resolved_at: v.resolvedAt,
    channel: v.channel, private: d.privacy.private, alerts_firing: v.alerts.firing, alerts_resolved: v.alerts.resolved,
    last_update: v.lastUpdate, escalation: v.escalation ?? null,
  };
}

const tallyJson = (t: TargetTally) => ({ met: t.met, missed: t.missed, pending: t.pending, unmeasured: t.unmeasured, met_share: t.metShare });

/** Targets met, in the API's snake_case. */
function targetsJson(t: TargetShares) {
  return {
    set: Object.fromEntries(Object.entries(t.targets).map(([sev, v]) => [sev, {
      ...(v.detectMs !== undefined && { detect_ms: v.detectMs }),
      ...(v.acknowledgeMs !== undefined && { acknowledge_ms: v.acknowledgeMs }),
      ...(v.resolveMs !== undefined && { resolve_ms: v.resolveMs }),
    }])),
    by_severity: t.bySeverity.map((s) => ({
      severity: s.severity, incidents: s.incidents,
      measures: s.measures.map((m) => ({ measure: m.measure, target_ms: m.targetMs, ...tallyJson(m) })),
      overall: tallyJson(s.overall),
    })),
    total: { incidents: t.total.incidents, measures: t.total.measures.map((m) => ({ measure: m.measure, ...tallyJson(m) })), overall: tallyJson(t.total.overall) },
    no_target: { incidents: t.noTarget.incidents, by_severity: t.noTarget.bySeverity },
  };
}

export function apiRoutes(deps: ApiDeps): Route[] {
  const token = revealed(deps.token);

  const guarded = (handler: (url: URL, res: ServerResponse) => Promise<void>) => async (req: IncomingMessage, res: ServerResponse) => {
    if (token === null) return sendJson(res, 404, { error: 'the JSON API is off: set FIREBREAK_API_TOKEN' });
    const given = bearerToken(req.headers);
    if (given === null || !constantTimeEqual(given, token)) {
      return sendJson(res, 401, { error: 'the JSON API needs Authorization: Bearer <FIREBREAK_API_TOKEN>' }, { 'www-authenticate': 'Bearer realm="api"' });
    }
    const url = new URL(req.url ?? '/', 'http://api.local');
    try {
      await handler(url, res);
    } catch (err) {
      deps.log.error({ err, path: url.pathname }, 'api request failed');
      if (!res.headersSent) sendJson(res, 503, { error: 'temporarily unavailable, retry' });
      else res.end();
    }
  };

  const list = guarded(async (url, res) => {
    const q = parseListQuery(url.searchParams, { limit: true });
    if (!q.ok) return sendJson(res, 400, { error: q.message, field: q.field });
    const { filter, page, limit } = q.value;
    const result = await deps.browse.list(filter, { limit, offset: (page - 1) * limit });
    sendJson(res, 200, { total: result.total, page, limit, items: result.items });
  });

  const one = guarded(async (url, res) => {
    const m = /^\/api\/incidents\/(\d{1,12})(\/timeline)?$/.exec(url.pathname);
    if (!m) return sendJson(res, 404, { error: `no route ${url.pathname}` });
    const number = Number(m[1]);
    if (m[2]) {
      const items = await deps.browse.timeline(number);
      return items === null ? sendJson(res, 404, { error: `no incident #${number}` }) : sendJson(res, 200, { number, items });
    }
    const d = await deps.browse.detail(number);
    if (!d) return sendJson(res, 404, { error: `no incident #${number}` });
    sendJson(res, 200, { incident: incidentJson(d), alerts: d.alerts, audit: d.audit });
  });

  const stats = guarded(async (url, res) => {
    const range = (url.searchParams.get('range') || '90d') as StatsRange;
    if (!(range in STATS_RANGES)) return sendJson(res, 400, { error: `range must be one of ${Object.keys(STATS_RANGES).join(', ')}`, field: 'range' });
    const service = (url.searchParams.get('service') ?? '').trim() || null;
    const { from, to, weeks, targets } = await deps.stats(STATS_RANGES[range], service);
    sendJson(res, 200, { from: from.toISOString(), to: to.toISOString(), service, weeks, targets: targetsJson(targets) });
  });

  return [
    { method: 'GET', path: '/api/incidents', handler: list },
    { method: 'GET', path: '/api/incidents/', handler: one },
    { method: 'GET', path: '/api/stats', handler: stats },
  ];
}
