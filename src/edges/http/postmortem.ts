// Edge: GET /incidents/<n>/postmortem.md — the post-mortem draft as Markdown, fresh from the store.
// Who may read it: a request with `Authorization: Bearer <FIREBREAK_API_TOKEN>`; in local mode (no
// Slack) a request from this machine (loopback) with no token needed; and, when the web console
// plugs in its session check, a signed-in console user who may see the incident.
import type { IncomingMessage } from 'node:http';
import type { Secret } from '../../config/secret.js';
import type { Incidents } from '../../incidents/index.js';
import { bearerToken, constantTimeEqual, revealed } from '../../integrations/verify.js';
import type { Reports } from '../../reports/index.js';
import type { AddressRange } from '../../config/address-range.js';
import { clientAddress } from '../webhooks/client-address.js';
import { sendJson, type Route } from './server.js';

export const POSTMORTEM_PATH = /^\/incidents\/(\d{1,12})\/postmortem\.md$/;

export interface PostmortemRouteDeps {
  incidents: Pick<Incidents, 'find'>;
  reports: Pick<Reports, 'postmortemMarkdown'>;
  /** FIREBREAK_API_TOKEN. */
  apiToken: Secret | undefined;
  /** Local mode (no Slack bot token): open to loopback callers. */
  local: boolean;
  /** sources.trusted_proxies, so a proxy on this machine does not make every caller look local. */
  trustedProxies: () => readonly AddressRange[];
  /** The console's session check: the signed-in user may read this incident (absent: no sessions). */
  session?: (req: IncomingMessage, incidentId: string) => Promise<boolean>;
}

function isLoopback(req: IncomingMessage, trusted: readonly AddressRange[]): boolean {
  const address = clientAddress(req, trusted);
  // parseAddress has already turned IPv4-mapped IPv6 (::ffff:127.0.0.1) into IPv4.
  return address !== null && address.range() === 'loopback';
}

export function postmortemRoutes(deps: PostmortemRouteDeps): Route[] {
  const token = revealed(deps.apiToken);
  return [
    {
      method: 'GET',
      path: '/incidents/',
      pattern: POSTMORTEM_PATH,
      handler: async (req, res) => {
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        const number = Number(POSTMORTEM_PATH.exec(path)![1]);
        const given = bearerToken(req.headers);
        const byToken = token !== null && given !== null && constantTimeEqual(given, token);
        if (given !== null && !byToken) return sendJson(res, 401, { error: 'the Bearer token does not match FIREBREAK_API_TOKEN' }, { 'www-authenticate': 'Bearer realm="firebreak"' });
        const found = await deps.incidents.find({ number });
        const id = found.ok ? found.incident.view.id : null;
        const open = byToken || (deps.local && isLoopback(req, deps.trustedProxies())) || (id !== null && deps.session !== undefined && (await deps.session(req, id)));
        if (!open) {
          const how = token === null ? 'set FIREBREAK_API_TOKEN and send it as a Bearer token' : 'send Authorization: Bearer <FIREBREAK_API_TOKEN>';
          return sendJson(res, 401, { error: `reading a post-mortem needs authorization: ${how}` }, { 'www-authenticate': 'Bearer realm="firebreak"' });
        }
        const markdown = id === null ? null : await deps.reports.postmortemMarkdown(id);
        if (markdown === null) return sendJson(res, 404, { error: `there is no incident #${number}` });
        const body = Buffer.from(markdown, 'utf8');
        res.writeHead(200, {
          'content-type': 'text/markdown; charset=utf-8',
          'content-length': body.length,
          'content-disposition': `inline; filename="postmortem-incident-${number}.md"`,
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
        });
        res.end(body);
      },
    },
  ];
}
