// Edge: the Slack app. Bolt on our own HTTP server (POST /slack/events) with Slack's signature
// verified on the raw bytes, or Socket Mode when SLACK_APP_TOKEN is set. Without a bot token the
// endpoint explains local mode: chat effects then go to the log and the timeline.
import { App } from '@slack/bolt';
import type { Env } from '../../config/env.js';
import type { Severity } from '../../domain/alert.js';
import type { Gate } from '../../access/guarded.js';
import type { Access } from '../../access/index.js';
import type { Transport } from '../../store/transport.js';
import { guardInteractions } from './access-guard.js';
import type { Incidents } from '../../incidents/index.js';
import type { Approvals } from '../../approvals/index.js';
import type { Diagnostics } from '../../diagnostics/index.js';
import type { Reports } from '../../reports/index.js';
import type { Logger } from '../../observability/observer.js';
import { sendJson, type Route } from '../http/server.js';
import { registerButtons } from './actions/index.js';
import { boltLogger } from './bolt-logger.js';
import { registerIncidentCommand } from './commands/index.js';
import { registerAppHome } from './home.js';
import { SlackHttpReceiver } from './receiver.js';
import { registerForms } from './views/index.js';
import { registerShortcuts } from './shortcuts/index.js';
import { pinWorkspace } from './workspace.js';

export interface SlackSurface {
  mode: 'http' | 'socket' | 'off';
  routes: Route[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface SlackDeps {
  incidents: Incidents;
  approvals?: Approvals;
  /** The Diagnostics button and `/incident diag`; absent: both answer that diagnostics are not available. */
  diagnostics?: Diagnostics;
  /** Who may do what (access), and the audit log: every command, button and form acts through it. */
  gate: Gate;
  /** Name-level checks for what does not act through the gate (other features' commands and buttons). */
  access: Access;
  /** Where refusals are recorded. */
  store: Transport;
  /** Timeline, follow-ups, post-mortems and response metrics. */
  reports: Reports;
  /** FIREBREAK_PUBLIC_URL (the web console), for links; null when unset. */
  publicUrl: string | null;
  /** What each severity means in this deployment (the declare form shows it). */
  severities: Record<Severity, string>;
  log: Logger;
}

/** Every listener the app has: one line each (a Slack interaction is one registration). */
export function registerListeners(app: App, deps: Omit<SlackDeps, 'access' | 'store'>): void {
  registerIncidentCommand(app, deps);
  registerButtons(app, deps);
  registerForms(app, deps);
  registerShortcuts(app, deps);
  registerAppHome(app, deps);
}

export function createSlackSurface(slack: Env['slack'], deps: SlackDeps): SlackSurface {
  const { log } = deps;
  const token = slack.botToken?.reveal();
  const off = (reason: string): SlackSurface => ({
    mode: 'off',
    routes: [{ method: 'POST', path: '/slack/events', handler: (_req, res) => sendJson(res, 404, { error: reason }) }],
    start: async () => {},
    stop: async () => {},
  });
  if (!token) return off('Slack is off (local mode): set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
  if (slack.teamId === undefined && slack.enterpriseId === undefined) {
    log.warn({}, 'SLACK_TEAM_ID is not set: requests from every workspace this Slack app is installed in are accepted');
  }
  const clientOptions = { slackApiUrl: slack.apiUrl };
  const logger = boltLogger(log);
  // Our one bot token, handed over as is. Given `token`, Bolt calls auth.test at construction and
  // caches that promise: every request waits on it, so a 429 or an outage at startup leaves commands
  // unanswered (or failing until a restart). No listener needs the bot's own ids.
  const authorize = async () => ({ botToken: token });
  const build = (app: App) => {
    app.use(pinWorkspace({ teamId: slack.teamId, enterpriseId: slack.enterpriseId }, log));
    app.use(guardInteractions({ access: deps.access, store: deps.store, log }));
    registerListeners(app, deps);
    return app;
  };
  const appToken = slack.appToken?.reveal();

  if (appToken) {
    const app = build(new App({ authorize, appToken, socketMode: true, clientOptions, logger }));
    const surface = off('Slack runs in Socket Mode (SLACK_APP_TOKEN is set): nothing is served here');
    return { ...surface, mode: 'socket', start: async () => void (await app.start()), stop: async () => void (await app.stop()) };
  }

  const signingSecret = slack.signingSecret?.reveal();
  if (!signingSecret) return off('SLACK_SIGNING_SECRET is not set: Slack requests cannot be verified');
  const receiver = new SlackHttpReceiver({ signingSecret, log });
  build(new App({ authorize, receiver, clientOptions, logger }));
  return {
    mode: 'http',
    routes: [{ method: 'POST', path: '/slack/events', handler: receiver.handle }],
    start: async () => {},
    stop: async () => {},
  };
}
