// Composition root: config → store → engine (runner, scheduler, dispatcher) → HTTP server. The one
// file that knows every concrete adapter.
import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeIntegrations, formatDuration, secretValues, type Config } from './config/index.js';
import { ConfigHolder, reloadConfig, type ReloadResult } from './config/reload.js';
import { followupsMissingEnv } from './config/followups-schema.js';
import { openTransport } from './store/open.js';
import type { Transport } from './store/transport.js';
import { recordAudit } from './store/audit.js';
import { SYSTEM_ACTOR } from './domain/actor.js';
import { createEngine, type Engine } from './engine.js';
import { EffectRegistry } from './effects/registry.js';
import type { WorkflowDefinition } from './workflows/definition.js';
import { incidentDefinition } from './workflows/incident/index.js';
import { approvalDefinition } from './workflows/approval/index.js';
import { createApprovals, registerApprovalEffects } from './approvals/index.js';
import { createExecutors } from './integrations/executors.js';
import { proposeOnDeclare, type ProposeDeps } from './approvals/propose.js';
import { routeAlert } from './domain/routing.js';
import { diagnosticsDefinition } from './workflows/diagnostics/index.js';
import { createDiagnostics, diagnosticsSettings, registerDiagnosticsEffects, type Diagnostics } from './diagnostics/index.js';
import type { Deploy, DiagnosticsSourceName } from './domain/diagnostics.js';
import type { SummaryButton } from './integrations/slack/blocks/summary.js';
import type { DiagnosticsSource } from './effects/diagnostics-source.js';
import { createProbesSource } from './integrations/probes/diagnostics.js';
import { createDatadogSource } from './integrations/datadog/diagnostics.js';
import { createSentrySource } from './integrations/sentry/diagnostics.js';
import { createPagerDutySource } from './integrations/pagerduty/diagnostics.js';
import { createChangesSource } from './integrations/github/changes.js';
import { deployRoutes } from './edges/webhooks/deploy.js';
import { webhookRoutes } from './edges/webhooks/index.js';
import { LoadShedder } from './edges/webhooks/load-shedder.js';
import { localGenericOpen, mountSources } from './edges/webhooks/sources.js';
import { eventsRoutes } from './edges/webhooks/events.js';
import { createSecurity } from './security/index.js';
import type { VendorDown } from './edges/console/list-page.js';
import { createProposer } from './security/propose.js';
import { runRetentionIfDue } from './security/retention.js';
import { maskRecord, masksAnything } from './domain/masking.js';
import { closedSources, SOURCE_SEVERITY_WORDS } from './integrations/sources.js';
import { createSlackSurface } from './edges/slack/index.js';
import { createIncidents, incidentSettings, type IncidentSettings } from './incidents/index.js';
import { registerIncidentEffects } from './incidents/effects/index.js';
import type { Chat, Directory, Executor, IssueTracker, Pager, WebhookPager } from './effects/ports.js';
import { createAccess, type Access } from './access/index.js';
import { createGate } from './access/guarded.js';
import { createSlackDirectory } from './integrations/slack/directory.js';
import { createLocalDirectory } from './integrations/slack/local-directory.js';
import { createReports, type Reports } from './reports/index.js';
import { createGitHubIssues } from './integrations/github/issues.js';
import { createJiraIssues } from './integrations/jira/issues.js';
import { createGitHubDocuments } from './integrations/github/postmortem.js';
import { createPagerDutyEvents } from './integrations/pagerduty/events.js';
import { createWebhookPager } from './integrations/webhook/pager.js';
import { createLocalChat } from './integrations/slack/local-chat.js';
import { createSlackChat } from './integrations/slack/chat.js';
import { createSlackClient } from './integrations/slack/client.js';
import { createChatPort } from './integrations/slack/port.js';
import { closeServer, createHttpServer, listen, type Route } from './edges/http/server.js';
import { healthRoutes, type HealthState } from './edges/http/health.js';
import { metricsRoutes } from './edges/http/metrics.js';
import { postmortemRoutes } from './edges/http/postmortem.js';
import { ranges } from './edges/webhooks/client-address.js';
import { createMetrics } from './observability/metrics.js';
import { readBuildInfo } from './observability/build-info.js';
import { meteredPort } from './observability/vendor-calls.js';
import { registerVendorGauges } from './observability/vendor-gauges.js';
import { DEFAULT_VENDOR_SETTINGS, logVendorChange, VendorGate, type Probe } from './effects/vendor-gate.js';
import { OUTAGE_RECAP_EFFECT } from './incidents/effects/index.js';
import { slackProbe } from './integrations/slack/probe.js';
import { pagerDutyProbe } from './integrations/pagerduty/probe.js';
import { createRedactor } from './observability/redact.js';
import { combineObservers, type Logger } from './observability/observer.js';
import { startErrorReporting } from './observability/error-reporting.js';
import { accessMode, consoleRoutes, createVisibility, sessionMaySee } from './edges/console/index.js';
import { createBrowse } from './incidents/browse.js';
import { createSlackOpenId } from './integrations/slack/openid.js';

export interface Firebreak {
  port: number;
  /** The port of /metrics's own listener, when METRICS_PORT is set. */
  metricsPort?: number;
  store: Transport;
  engine: Engine;
  /**
   * Readiness turns 503 at once; with `drain` (SIGTERM) requests are still served for
   * runner.shutdown_drain first. Then the listeners close (in-flight requests finish), the engine
   * stops and the store closes.
   */
  stop(opts?: { drain?: boolean }): Promise<void>;
  /** Re-reads firebreak.yaml (SIGHUP): validated first; new incidents and alerts see the result. */
  reload(): ReloadResult;
}

/** Workflow kinds: later issues (escalation, approval) add theirs here. */
const definitions: WorkflowDefinition[] = [incidentDefinition, approvalDefinition, diagnosticsDefinition];

/**
 * Deliveries allowed to wait on the store at once before the edge sheds load with a fast 503. The
 * embedded store runs on the main thread at ~1k writes/s: 64 queued is ~60 ms of work.
 */
const MAX_INGEST_IN_FLIGHT = { embedded: 64, postgres: 256, supabase: 128 } as const;

export interface StartOptions {
  host?: string;
  /** Executors added beside the configured ones, by name (an embedder's own, or a test's loopback fake). */
  executors?: ReadonlyMap<string, Executor>;
}

export async function startFirebreak(config: Config, log: Logger, opts: StartOptions = {}): Promise<Firebreak> {
  const redact = createRedactor(secretValues(config));
  log.info({ store: config.env.store.kind }, describeIntegrations(config.env, closedSources(config.env), config.file.followups));

  const dsn = config.env.sentry.dsn?.reveal();
  const reporting = dsn ? await startErrorReporting(dsn, redact) : undefined;
  const store = await openTransport(config.env.store);
  const metrics = createMetrics(store, { build: readBuildInfo() });
  const observer = combineObservers(metrics.observer, reporting?.observer);
  const { runner: r } = config.file;
  const registry = new EffectRegistry(
    r.dispatcher.maxAttempts,
    r.dispatcher.retryForMs > 0 ? { defaultMs: r.dispatcher.retryForMs, byType: r.dispatcher.retryForByEffect } : undefined,
  );
  const engine = createEngine({
    store,
    definitions,
    registry,
    settings: { scheduler: r.scheduler, dispatcher: r.dispatcher, shutdownTimeoutMs: r.shutdownTimeoutMs, snapshotCache: r.snapshotCache },
    log,
    redact,
    observer,
  });

  // New decisions (routing, chat settings, policies) read the live config, which SIGHUP may swap.
  const live = new ConfigHolder(config);
  const diagnosticSources = createDiagnosticsSources(config, () => live.file, (service, windowMs) => diagnostics.webhookDeploys(service, windowMs));
  // The summary's Diagnostics button shows when diagnostics are on and some source can answer.
  const chat = createChat(config, log, config.file.diagnostics?.enabled !== false && diagnosticSources.some((s) => s.configured()));
  // One breaker per vendor, shared through the store: while a vendor is down its effects wait unspent.
  const probes: Record<string, Probe> = { ...(chat.probe ? { slack: chat.probe } : {}) };
  if (config.env.pagerduty.routingKey || Object.keys(config.pagerdutyKeys).length > 0) probes.pagerduty = pagerDutyProbe({ eventsUrl: config.env.pagerduty.eventsUrl });
  const vendorGate = new VendorGate({
    store, log, redact, probes,
    settings: (name) => live.file.runner.vendors[name] ?? r.vendors[name] ?? DEFAULT_VENDOR_SETTINGS,
    recapEffect: chat.local ? {} : { slack: OUTAGE_RECAP_EFFECT }, coveredByRecap: { slack: ['slack.announce'] },
    onChange: (change) => logVendorChange(log, change),
  });
  registerVendorGauges(metrics.registry, () => vendorGate.breakers(), ['slack', 'pagerduty']);
  // Vendor calls are counted at the ports (firebreak_vendor_calls_total); local mode calls no vendor.
  const vendor = <T extends object>(name: string, port: T | null, vendorOf?: (method: string, args: unknown[]) => string) =>
    (port ? vendorGate.gate(name, meteredPort(name, port, metrics.vendorCalled), vendorOf) : null);
  const chatPort = chat.local ? chat.port : vendor('slack', chat.port)!;
  const diagnosticsDeps = { store, runner: engine.runner, settings: () => diagnosticsSettings(live.file) };
  // Each source counted as a vendor call (firebreak_vendor_calls_total{vendor="datadog",method="fetch"}); best effort and
  // time-bounded, so no breaker: a source that is down shows its error line.
  const sources = new Map<DiagnosticsSourceName, DiagnosticsSource>(
    diagnosticSources.map((s) => [s.name, meteredPort(s.name, s, metrics.vendorCalled)]),
  );
  const diagnostics: Diagnostics = createDiagnostics({ ...diagnosticsDeps, sources, onError: (what, err) => log.error({ err }, `could not ${what}`) });
  registerDiagnosticsEffects(registry, { ...diagnosticsDeps, sources, chat: chatPort, redact });
  const publicUrl = config.env.console.publicUrl ?? null;
  registerIncidentEffects(registry, {
    chat: chatPort, local: chat.local, pager: vendor('pagerduty', createPager(config)),
    routingKeys: (service) => config.pagerdutyKeys[service]?.reveal(),
    webhooks: vendor('webhook', createWebhooks(config), (_method, args) => `webhook:${String(args[0])}`), store, runner: engine.runner, redact,
    announceChannel: () => live.file.slack.announceChannel, vendorDown: (name) => vendorGate.isDown(name),
    diagnostics: { declared: (incidentId) => diagnostics.declared(incidentId) },
    targets: () => live.file.targets, publicUrl, documents: postmortemDocuments(config, vendor),
  });
  const incidents = createIncidents({
    store, runner: engine.runner, wake: () => engine.scheduler.wake(0), settings: () => withDiagnostics(incidentSettings(live.file), diagnostics), sourceWords: SOURCE_SEVERITY_WORDS,
    onError: (what, err) => log.error({ err }, `could not ${what}`),
  });
  const security = createSecurity({
    store, rules: () => live.file.detections, raise: (delivery) => incidents.ingest('security', delivery),
    mask: (event, keep) => (masksAnything(live.file.masking) ? { ...event, attributes: maskRecord(event.attributes, live.file.masking, keep) } : event),
    onError: (what, err) => log.error({ err }, `could not ${what}`),
    // A rule's `propose:` becomes an approval request in the incident (defined below, once approvals exist).
    propose: (proposal) => proposeRemediation(proposal),
    onFiring: (f, summary, proposal) =>
      log.warn({ rule: f.rule, key: f.key, count: f.count, declared: summary.declared.map((d) => d.number), proposal }, `detection ${f.rule} fired for ${f.key}`),
  });
  // Who may do what: access rules over the chat directory (answers cached ≤ 60 s), read from the live config.
  const directory = createDirectory(config, vendor);
  const access = createAccess({ directory, store, settings: () => live.file.access });
  const gate = createGate({ incidents, access, store, onError: (what, err) => log.error({ err }, `could not ${what}`) });
  // Follow-ups as GitHub and/or Jira issues: set at start (followups.* and their credentials), each synced on its own schedule.
  const trackers = followupTrackers(config, vendor, log);
  const reports = createReports({ store, incidents, targets: () => live.file.targets, publicUrl, chat: chatPort, trackers: trackers.map((t) => t.tracker) });
  // Remediation: executors by name (the catalog's `executor:`); approver groups read through the directory (≤ 60 s).
  const executors = new Map([...createExecutors(config.env, { webhooks: webhookTargets(config) }), ...(opts.executors ?? [])]);
  registerApprovalEffects(registry, {
    store, runner: engine.runner, chat: chat.local ? chat.port : vendor('slack', chat.port)!, executors, catalog: () => live.file.actions, rules: () => live.file.remediation, directory,
  });
  const approvals = createApprovals({
    store, runner: engine.runner, catalog: () => live.file.actions, rules: () => live.file.remediation, roles: () => live.file.access.roles, executors, directory,
    wake: () => engine.scheduler.wake(0),
    onError: (what, err) => log.error({ err }, `could not ${what}`),
  });
  const proposeDeps: ProposeDeps = {
    incidents, approvals, route: (alert) => routeAlert(alert, live.file.routing, SOURCE_SEVERITY_WORDS), onError: (what, err) => log.error({ err }, `could not ${what}`),
  };
  const proposeRemediation = createProposer({ approvals, incidents, catalog: () => live.file.actions });
  const slack = createSlackSurface(config.env.slack, { incidents, approvals, diagnostics, gate, access, store, reports, publicUrl, severities: config.file.slack.severities, log });

  const webConsole = createConsole(config, {
    store, runner: engine.runner, access, reports, trustedProxies: () => live.file.sources.trustedProxies, log,
    vendorsDown: () => vendorGate.breakers().filter((b) => b.state === 'open'),
  });
  const health: HealthState = { accepting: true };
  const shedder = new LoadShedder(MAX_INGEST_IN_FLIGHT[store.kind]);
  const routes: Route[] = [
    ...healthRoutes(store, health),
    ...metricsRoutes(metrics.registry, config.env.metrics, 'main'),
    ...slack.routes,
    ...deployRoutes({ secret: config.env.deploy.webhookSecret, record: (event, id) => diagnostics.recordDeploy(event, id), log }),
    // Before webhookRoutes: its /webhooks/ prefix would take /webhooks/events.
    ...eventsRoutes({
      token: config.env.securityEvents.token, ingest: (source, events) => security.ingest(source, events),
      shedder, policy: () => live.file.sources, log, answered: metrics.webhookAnswered,
    }),
    ...postmortemRoutes({
      incidents, reports, apiToken: config.env.console.apiToken, local: chat.local, session: webConsole.session,
      trustedProxies: () => ranges(live.file.sources.trustedProxies),
    }),
    ...webhookRoutes({
      sources: mountSources(config.env),
      policy: () => live.file.sources,
      shedder,
      log,
      answered: metrics.webhookAnswered,
      ingest: async (source, delivery) => {
        const summary = await incidents.ingest(source, delivery);
        // A routing rule's `propose: block_ip`: the request (and its card) follows the declaration.
        void proposeOnDeclare(source, delivery, summary, proposeDeps);
        return summary;
      },
    }),
    ...webConsole.routes,
  ];
  const server = createHttpServer(routes, log, { draining: () => !health.accepting });
  const metricsServer = config.env.metrics.port === undefined ? undefined : createHttpServer(metricsRoutes(metrics.registry, config.env.metrics, 'own'), log);
  // A vendor SDK's first load blocks the event loop for a moment: pay it now, not during an incident.
  await Promise.all(diagnosticSources.map((s) => s.warm?.().catch((err: unknown) => log.warn({ err: redact(String(err)) }, `diagnostics: could not load the ${s.name} client`))));
  let port: number;
  let metricsPort: number | undefined;
  try {
    port = await listen(server, config.env.port, opts.host);
    if (metricsServer) metricsPort = await listen(metricsServer, config.env.metrics.port!, opts.host);
  } catch (err) {
    await closeServer(server, 0);
    await store.close();
    throw err;
  }
  engine.start();
  await vendorGate.tick();
  for (const b of vendorGate.breakers()) {
    if (b.state === 'open') log.warn({ vendor: b.vendor, breaker: 'open', waiting: Number(b.waiting) }, `${b.vendor} has been unreachable for ${formatDuration(Number(b.down_ms))}: ${b.waiting} effect(s) wait for it`);
  }
  vendorGate.start();
  // One run at a time per tracker: a slow run (calls timing out) is not overlapped, or both could create an issue.
  const followupSyncs = trackers.map(({ tracker, everyMs, name }) => {
    let running = false;
    return setInterval(() => {
      if (running) return;
      running = true;
      reports.followups.sync(tracker.system).then(
        (r) => {
          if (r && (r.created + r.linked + r.closed > 0)) log.info({ ...r, errors: r.errors.length }, `follow-ups synced with ${name}`);
          if (r && r.errors.length > 0) log.warn({ errors: r.errors }, `some follow-ups could not be synced with ${name}; trying again next time`);
        },
        (err: unknown) => log.error({ err }, `could not sync follow-ups with ${name}`),
      ).finally(() => (running = false));
    }, everyMs);
  });
  for (const timer of followupSyncs) timer.unref();
  await slack.start();
  // Firings stored but not yet delivered (a crash, the store briefly away): delivered now and every 10 s.
  const sweepFirings = () => void security.sweep().catch((err: unknown) => log.error({ err }, 'could not deliver detection firings'));
  sweepFirings();
  const firingSweep = setInterval(sweepFirings, 10_000);
  firingSweep.unref();
  // Retention: due once per retention.run_every across replicas (a row says when it last ran).
  const retain = () => void runRetentionIfDue(store, live.file.retention)
    .then((purged) => purged && log.info({ purged }, 'retention: purged what was past its retention'))
    .catch((err: unknown) => log.error({ err }, 'retention job failed; it runs again at the next check'));
  const retentionCheck = setInterval(retain, 60_000);
  retentionCheck.unref();
  retain();
  const metricsAt = metricsPort !== undefined ? `:${metricsPort}` : config.env.metrics.token ? 'bearer token' : 'closed (METRICS_TOKEN, METRICS_PORT unset)';
  log.info({ port, metrics: metricsAt, owner: engine.owner, slack: slack.mode }, `firebreak listening on :${port}`);
  if (localGenericOpen(config.env)) {
    log.info({ local: true }, `local mode: open http://localhost:${port} (this machine only); POST /webhooks/generic takes alerts from this machine without a token until WEBHOOK_TOKEN is set`);
  }

  let stopping: Promise<void> | undefined;
  const stop = ({ drain = false } = {}) =>
    (stopping ??= (async () => {
      health.accepting = false;
      clearInterval(firingSweep);
      clearInterval(retentionCheck);
      const drainMs = drain ? r.shutdownDrainMs : 0;
      if (drainMs > 0) {
        log.info({ drainMs }, `draining: /readyz answers 503; requests are still served for ${formatDuration(drainMs)}`);
        await sleep(drainMs);
      }
      vendorGate.stop();
      for (const timer of followupSyncs) clearInterval(timer);
      await slack.stop();
      await Promise.all([server, metricsServer].map((s) => s && closeServer(s, r.shutdownTimeoutMs)));
      await engine.stop();
      await store.close();
      await reporting?.flush();
      log.info({}, 'firebreak stopped');
    })());
  // A reload is a change to who may do what and who is paged: on the record, whether it took or not.
  const reload = (): ReloadResult => {
    const result = reloadConfig(live, log);
    const params = result.ok ? { changes: result.changes, restartNeeded: result.restartNeeded } : { errors: result.errors };
    recordAudit(store, { actor: SYSTEM_ACTOR, action: 'config.reload', subject: config.env.configPath, params, outcome: result.ok ? 'ok' : 'failed' })
      .catch((err: unknown) => log.error({ err }, 'could not record the config reload in the audit log'));
    return result;
  };
  return { port, metricsPort, store, engine, stop, reload };
}

/**
 * The follow-up trackers firebreak.yaml configures whose credentials are set (read at start): GitHub
 * issues (followups.github, GITHUB_TOKEN) and Jira issues (followups.jira, JIRA_URL, JIRA_EMAIL,
 * JIRA_API_TOKEN). One configured without its credentials is a warning naming the variables.
 */
function followupTrackers(config: Config, vendor: <T extends object>(name: string, port: T | null) => T | null, log: Logger) {
  const { github: gh, jira } = config.file.followups;
  const { token } = config.env.github;
  const { url, email, apiToken } = config.env.jira;
  const trackers: Array<{ tracker: IssueTracker; everyMs: number; name: string }> = [];
  if (gh && token) {
    const tracker = createGitHubIssues({ token, apiUrl: config.env.github.apiUrl, repository: gh.repository, labels: gh.labels });
    trackers.push({ tracker: vendor('github', tracker)!, everyMs: gh.syncEveryMs, name: 'GitHub issues' });
  }
  if (jira && url && email && apiToken) {
    const tracker = createJiraIssues({ url, email, apiToken, project: jira.project, issueType: jira.issueType, labels: jira.labels });
    trackers.push({ tracker: vendor('jira', tracker)!, everyMs: jira.syncEveryMs, name: 'Jira issues' });
  }
  for (const [name, needs] of Object.entries(followupsMissingEnv(config.file.followups, config.env))) {
    if (needs.length > 0) log.warn({}, `followups.${name} is set but ${needs.join(', ')} ${needs.length === 1 ? 'is' : 'are'} not: those follow-ups stay in Firebreak only`);
  }
  return trackers;
}

/** postmortems.github with GITHUB_TOKEN: drafts also committed to that repository (read at start). */
function postmortemDocuments(config: Config, vendor: <T extends object>(name: string, port: T | null) => T | null) {
  const at = config.file.postmortems.github;
  const token = config.env.github.token;
  if (!at || !token) return null;
  const store = vendor('github', createGitHubDocuments({ token, apiUrl: config.env.github.apiUrl, repository: at.repository, branch: at.branch }));
  return store ? { store, path: at.path } : null;
}

/** Slack when a bot token is set; otherwise local mode, where chat goes to the log (and the timeline). */
function createChat(config: Config, log: Logger, diagnosticsButton: boolean): { port: Chat; local: boolean; probe?: Probe } {
  const token = config.env.slack.botToken?.reveal();
  if (!token) return { port: createChatPort(createLocalChat({ log: (line) => log.info({ local: true }, line) })), local: true };
  // "Propose block <ip>" on summaries only where the catalog can block an IP.
  const proposes = Object.values(config.file.actions).some((a) => a.kind === 'block_ip');
  const summaryButtons: SummaryButton[] = [
    'acknowledge', 'resolve', 'escalate', ...(proposes ? (['propose-block'] as const) : []), ...(diagnosticsButton ? (['diagnostics'] as const) : []),
  ];
  const client = createSlackClient({ token, apiUrl: config.env.slack.apiUrl });
  return { port: createChatPort(createSlackChat(client), { summaryButtons }), local: false, probe: slackProbe(createSlackClient({ token, apiUrl: config.env.slack.apiUrl, timeoutMs: 5_000 })) };
}

/** A declaration runs Diagnostics only when some source can answer (no empty message, no idle effect). */
function withDiagnostics(settings: IncidentSettings, diagnostics: Diagnostics): IncidentSettings {
  return settings.diagnosticsOnDeclare ? { ...settings, diagnosticsOnDeclare: diagnostics.available().length > 0 } : settings;
}

/** The diagnostics sources, each from its vendor folder with its slice of the environment. */
function createDiagnosticsSources(config: Config, file: () => Config['file'], webhookDeploys: (service: string, windowMs: number) => Promise<Deploy[]>): DiagnosticsSource[] {
  const settings = () => diagnosticsSettings(file()).config;
  return [
    createDatadogSource({ apiKey: config.env.datadog.apiKey, appKey: config.env.datadog.appKey, apiUrl: config.env.datadog.apiUrl }),
    createSentrySource({ authToken: config.env.sentry.authToken, org: config.env.sentry.org, apiUrl: config.env.sentry.apiUrl }),
    createPagerDutySource({ token: config.env.pagerduty.token, apiUrl: config.env.pagerduty.apiUrl }),
    createProbesSource({ probes: () => settings().probes, headerValues: config.probeHeaders ?? {} }),
    createChangesSource({
      github: config.env.github, windowMs: () => settings().changesWindowMs,
      webhookDeploys: config.env.deploy.webhookSecret ? webhookDeploys : null,
    }),
  ];
}

/** The Slack directory (users, groups, channel members) when a bot token is set; local mode's otherwise. */
function createDirectory(config: Config, vendor: <T extends object>(name: string, port: T | null) => T | null): Directory {
  const token = config.env.slack.botToken?.reveal();
  if (!token) return createLocalDirectory();
  const { teamId, enterpriseId } = config.env.slack;
  return vendor('slack', createSlackDirectory(createSlackClient({ token, apiUrl: config.env.slack.apiUrl }), { ...(teamId && { teamId }), ...(enterpriseId && { enterpriseId }) }))!;
}

/** The web console, its sign-in and JSON API; who sees a private incident is access's canSee (its channel's members). */
function createConsole(config: Config, deps: { store: Transport; runner: Engine['runner']; access: Access; reports: Reports; trustedProxies: () => readonly string[]; log: Logger; vendorsDown: () => readonly VendorDown[] }): { routes: Route[]; session: (req: IncomingMessage, incidentId: string) => Promise<boolean> } {
  const browse = createBrowse({ store: deps.store, runner: deps.runner });
  const mode = accessMode(config.env);
  const { console: c, slack } = config.env;
  const openId = mode.kind === 'slack'
    ? createSlackOpenId({ apiUrl: slack.apiUrl, clientId: c.clientId!, clientSecret: c.clientSecret!.reveal(), teamId: slack.teamId!, ...(slack.enterpriseId && { enterpriseId: slack.enterpriseId }) })
    : null;
  const visibility = createVisibility((user, incident) => deps.access.canSee(user, incident));
  const routes = consoleRoutes({
    browse, reports: deps.reports, stats: { weekly: (range) => browse.weekly(range), targets: (query) => deps.reports.targetShares(query) }, visibility, mode, vendorsDown: deps.vendorsDown, may: (actor, action, incident) => deps.access.may(actor, action, incident), trustedProxies: deps.trustedProxies, log: deps.log,
    openId, publicUrl: c.publicUrl ?? null, apiToken: c.apiToken,
    signedIn: (who, outcome) => {
      recordAudit(deps.store, { actor: { id: who?.user ?? 'unknown', team: who?.team ?? null, via: 'console' }, action: 'console.sign_in', subject: null, outcome })
        .catch((err: unknown) => deps.log.error({ err }, 'could not record a console sign-in in the audit log'));
    },
  });
  return { routes, session: sessionMaySee({ browse, visibility, mode }) };
}

function createPager(config: Config): Pager | null {
  const routingKey = config.env.pagerduty.routingKey?.reveal();
  // Named services alone (no default key) page too: each trigger passes its service's key.
  if (!routingKey && Object.keys(config.pagerdutyKeys).length === 0) return null;
  return createPagerDutyEvents({ routingKey: routingKey ?? '', eventsUrl: config.env.pagerduty.eventsUrl });
}

/** The webhooks of `escalation.webhooks`, each with its signing secret (read by config from the environment). */
function webhookTargets(config: Config) {
  return Object.fromEntries(Object.entries(config.file.escalation.webhooks).map(([name, w]) => [name, { url: w.url, secret: config.webhookSecrets[name] ?? null, timeoutMs: w.timeoutMs }]));
}

function createWebhooks(config: Config): WebhookPager | null {
  const hooks = Object.entries(config.file.escalation.webhooks);
  if (hooks.length === 0) return null;
  return createWebhookPager({
    webhooks: Object.fromEntries(hooks.map(([name, w]) => [name, { url: w.url, secret: config.webhookSecrets[name] ?? null, timeoutMs: w.timeoutMs }])),
  });
}
