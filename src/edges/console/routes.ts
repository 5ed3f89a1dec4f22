// Edge (console): the web console's routes on the one HTTP server — `/` (incidents), `/incidents/<n>`,
// `/stats`, and the stylesheet. Each page: who is asking (viewer.ts), what they may see
// (visibility.ts), one or two store reads through incidents/browse, HTML out.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Browse } from '../../incidents/browse.js';
import type { Logger } from '../../observability/observer.js';
import type { Route } from '../http/server.js';
import type { Reports } from '../../reports/index.js';
import { incidentView } from './incident-page.js';
import { renderMarkdown } from './markdown.js';
import { page } from './layout.js';
import { listView, type VendorDown } from './list-page.js';
import { parseListQuery } from './query.js';
import { redirect, sendHtml, sendProblem } from './respond.js';
import { STATS_RANGES, statsView, type StatsRange } from './stats-page.js';
import { CONSOLE_CSS, CONSOLE_CSS_PATH, FAVICON_PATH, FAVICON_SVG } from './style.js';
import { resolveViewer, type AccessMode, type Viewer } from './viewer.js';
import type { Visibility } from './visibility.js';
import type { CachedStats } from './stats-cache.js';

/** Where /stats reads its figures: weekly counts and times from incidents/browse, targets met from the reports feature. */
export type StatsSource = Pick<Browse, 'weekly'> & { targets: Reports['targetShares'] };

/** What the incident page reads from the reports feature. */
export type ConsoleReports = Pick<Reports, 'timeline' | 'followups' | 'postmortemMarkdown'>;

/** Timeline entries an incident page shows (the latest; the API and the post-mortem have them all). */
const TIMELINE_LIMIT = 500;

export interface ConsoleDeps {
  browse: Browse;
  /** Vendors whose breaker is open now (vendor outages), shown on the list page; absent: none shown. */
  vendorsDown?: () => readonly VendorDown[];
  reports: ConsoleReports;
  /** Figures per (days, service), cached briefly (stats-cache.ts). */
  stats: CachedStats;
  visibility: Visibility;
  mode: AccessMode;
  /** `sources.trusted_proxies` (live config). */
  trustedProxies: () => readonly string[];
  log: Logger;
}

export function consolePageRoutes(deps: ConsoleDeps): Route[] {
  /** The viewer, or null after answering (sign-in redirect, or why the console is closed). */
  function viewerOf(req: IncomingMessage, res: ServerResponse, url: URL): Viewer | null {
    const r = resolveViewer(req, deps.mode, deps.trustedProxies);
    if (r.ok) return r.viewer;
    if (r.reason === 'sign-in') redirect(res, `/auth/slack/login?back=${encodeURIComponent(url.pathname + url.search)}`);
    else if (r.reason === 'not-loopback') sendProblem(res, 403, 'Console closed', 'In local mode the console is open to this machine only (loopback). Set up Sign in with Slack to open it to your team.');
    else sendProblem(res, 403, 'Console closed', `Sign in with Slack is not configured: set ${deps.mode.kind === 'closed' ? deps.mode.missing.join(', ') : ''}.`);
    return null;
  }

  const page_ = (handler: (req: IncomingMessage, res: ServerResponse, url: URL, viewer: Viewer) => Promise<void>) => async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://console.local');
    const viewer = viewerOf(req, res, url);
    if (!viewer) return;
    try {
      await handler(req, res, url, viewer);
    } catch (err) {
      deps.log.error({ err, path: url.pathname }, 'console page failed');
      if (!res.headersSent) sendProblem(res, 503, 'Temporarily unavailable', 'The console could not read the store just now. Reload the page in a moment.', viewer);
      else res.end();
    }
  };

  const list = page_(async (_req, res, url, viewer) => {
    const q = parseListQuery(url.searchParams);
    if (!q.ok) return sendProblem(res, 400, 'Bad filter', q.message, viewer);
    const hidden = await deps.visibility.hidden(viewer, await deps.browse.privateIncidents());
    const [result, services] = await Promise.all([
      deps.browse.list(q.value.filter, { limit: q.value.limit, offset: (q.value.page - 1) * q.value.limit }, hidden),
      deps.browse.services(),
    ]);
    sendHtml(res, 200, page({ title: 'Incidents', viewer, section: 'incidents', body: listView(q.value, result, services, deps.vendorsDown?.() ?? []) }));
  });

  const incident = page_(async (_req, res, url, viewer) => {
    const m = /^\/incidents\/(\d{1,12})$/.exec(url.pathname);
    const detail = m ? await deps.browse.detail(Number(m[1])) : null;
    // A private incident the viewer may not see is answered exactly like one that does not exist.
    if (!detail || !(await deps.visibility.canSee(viewer, { id: detail.incident.view.id, ...detail.privacy }))) return sendProblem(res, 404, 'No such incident', 'There is no incident with that number, or it is private to a channel you are not in.', viewer);
    const id = detail.incident.view.id;
    const drafted = detail.incident.view.resolvedAt !== null || detail.incident.context.postmortem != null;
    const [timeline, followups, markdown] = await Promise.all([
      deps.reports.timeline(id, { limit: TIMELINE_LIMIT }), deps.reports.followups(id), drafted ? deps.reports.postmortemMarkdown(id) : null,
    ]);
    const report = { timeline, followups, postmortem: markdown === null ? null : renderMarkdown(markdown) };
    sendHtml(res, 200, page({ title: `#${detail.incident.view.number} ${detail.incident.view.title}`, viewer, section: 'incidents', body: incidentView(detail, report) }));
  });

  const stats = page_(async (_req, res, url, viewer) => {
    const range = (url.searchParams.get('range') || '90d') as StatsRange;
    if (!(range in STATS_RANGES)) return sendProblem(res, 400, 'Bad period', `range must be one of ${Object.keys(STATS_RANGES).join(', ')}`, viewer);
    const service = (url.searchParams.get('service') ?? '').trim();
    const [{ weeks, targets, from, to }, services] = await Promise.all([deps.stats(STATS_RANGES[range], service || null), deps.browse.services()]);
    sendHtml(res, 200, page({ title: 'Response stats', viewer, section: 'stats', body: statsView({ range, service, services, weeks, targets, from, to }) }));
  });

  const asset = (type: string, body: string) => (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': type, 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' });
    res.end(body);
  };

  return [
    { method: 'GET', path: '/', handler: list },
    { method: 'GET', path: '/incidents/', handler: incident },
    { method: 'GET', path: '/stats', handler: stats },
    { method: 'GET', path: CONSOLE_CSS_PATH, handler: asset('text/css; charset=utf-8', CONSOLE_CSS) },
    { method: 'GET', path: FAVICON_PATH, handler: asset('image/svg+xml', FAVICON_SVG) },
  ];
}
