// Config: what `firebreak check` warns about — a valid firebreak.yaml that will not page the way its
// author expects with this environment. Pure: FileConfig + facts about the environment → warnings.
import { parseTarget, targetName, type PageTarget } from '../domain/targets.js';
import type { FileConfig } from './file-schema.js';
import { formatPath } from './file.js';

export type WarningPath = ReadonlyArray<string | number>;

export interface ConfigWarning {
  /** Where in firebreak.yaml, as a zod issue path would say it. */
  path: WarningPath;
  message: string;
}

/** What the environment allows paging through (presence only; `check` never prints a secret). */
export interface EnvFacts {
  slackToken: boolean;
  pagerdutyRoutingKey: boolean;
}

const SLACK_KINDS = new Set<PageTarget['kind']>(['slack-user', 'slack-email', 'slack-group']);

/** Why this target cannot be paged with this environment, or null when it can. */
function unpageable(target: PageTarget, env: EnvFacts): string | null {
  if (SLACK_KINDS.has(target.kind) && !env.slackToken) return 'Slack targets need SLACK_BOT_TOKEN (without it chat goes to the log)';
  if (target.kind === 'pagerduty' && target.service === null && !env.pagerdutyRoutingKey) {
    return 'pagerduty needs PAGERDUTY_ROUTING_KEY (or name a service: pagerduty:<service>, defined under pagerduty.services)';
  }
  return null;
}

/** Same target however it is written (emails are case-insensitive; parseTarget lower-cases them). */
const identity = (target: PageTarget) => JSON.stringify(target);

export function configWarnings(file: FileConfig, env: EnvFacts): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  const used = new Set<string>(file.routing.rules.flatMap((r) => (r.policy === undefined ? [] : [r.policy])));
  if (file.routing.defaults.policy !== null) used.add(file.routing.defaults.policy);

  for (const [name, policy] of Object.entries(file.escalation.policies)) {
    const at = ['escalation', 'policies', name];
    if (!used.has(name)) {
      warnings.push({ path: at, message: `routing never picks it: no rule names this policy and it is not routing.defaults.policy (only /incident page ${name} reaches it)` });
    }
    policy.levels.forEach((level, i) => {
      const levelAt = [...at, 'levels', i];
      const parsed = level.targets.map((text) => {
        const p = parseTarget(text);
        return p.ok ? p.target : null;
      });

      const reasons = parsed.map((t) => (t === null ? null : unpageable(t, env)));
      if (reasons.every((r) => r !== null)) {
        const why = [...new Set(reasons)].join('; ');
        warnings.push({ path: levelAt, message: `unreachable: level ${i + 1} pages nobody with this environment (${why}); escalation only waits here` });
      } else {
        reasons.forEach((why, j) => {
          if (why !== null) warnings.push({ path: [...levelAt, 'targets', j], message: `not paged: ${why}` });
        });
      }

      const first = new Map<string, number>();
      parsed.forEach((target, j) => {
        if (target === null) return;
        const earlier = first.get(identity(target));
        if (earlier === undefined) first.set(identity(target), j);
        else warnings.push({ path: [...levelAt, 'targets', j], message: `duplicate of targets[${earlier}] (${level.targets[earlier]}): paged once` });
      });

      if (level.timeoutMs === 0) warnings.push({ path: [...levelAt, 'timeout'], message: zeroWait(i, policy.levels.length, policy.repeat) });
    });
  }
  file.detections.forEach((rule, i) => {
    if (rule.propose && !Object.values(file.actions).some((a) => a.kind === rule.propose!.action)) {
      warnings.push({
        path: ['detections', i, 'propose'],
        message: `no ${rule.propose.action} action under actions:, so nothing is requested when ${rule.name} fires (its alert's tags still show the proposal)`,
      });
    }
  });
  return warnings;
}

function zeroWait(index: number, levels: number, repeat: number): string {
  const last = index === levels - 1;
  if (!last) return `a wait of 0: nobody gets time to acknowledge level ${index + 1}; level ${index + 2} is paged at once`;
  if (repeat > 0) return `a wait of 0 on the last level: the policy starts over at once (repeat: ${repeat}), with no time to acknowledge`;
  return 'a wait of 0 on the last level: the policy is exhausted as soon as this level is paged';
}

/**
 * Slack's verdicts on targets (target as written in a level, normalized by parseTarget → problem)
 * placed on every level that names them.
 */
export function slackTargetWarnings(file: FileConfig, problems: ReadonlyMap<string, string>): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  for (const [name, policy] of Object.entries(file.escalation.policies)) {
    policy.levels.forEach((level, i) => {
      level.targets.forEach((text, j) => {
        const parsed = parseTarget(text);
        const key = parsed.ok ? slackKey(parsed.target) : null;
        const problem = key === null ? undefined : problems.get(key);
        if (problem !== undefined) warnings.push({ path: ['escalation', 'policies', name, 'levels', i, 'targets', j], message: problem });
      });
    });
  }
  return warnings;
}

/** The Slack target's id or email (what the Slack resolver reports on); null for other targets. */
export function slackKey(target: PageTarget): string | null {
  return target.kind === 'slack-user' || target.kind === 'slack-group' || target.kind === 'slack-email' ? targetName(target) : null;
}

/** Every Slack target in the policies, once each. */
export function slackTargets(file: FileConfig): PageTarget[] {
  const seen = new Map<string, PageTarget>();
  for (const policy of Object.values(file.escalation.policies)) {
    for (const level of policy.levels) {
      for (const text of level.targets) {
        const parsed = parseTarget(text);
        const key = parsed.ok ? slackKey(parsed.target) : null;
        if (parsed.ok && key !== null && !seen.has(key)) seen.set(key, parsed.target);
      }
    }
  }
  return [...seen.values()];
}

/** What `firebreak check` knows about one remediation executor (from integrations/executors.ts). */
export interface ExecutorFacts {
  /** Its credentials are present in this environment. */
  configured: boolean;
  /** What would configure it, named (variables, never values). */
  needs: string;
  kinds: readonly string[];
  /** Problems with a catalog entry's `settings` for this executor; empty when it accepts them. */
  settingsProblems(settings: Record<string, unknown>): Array<{ path: WarningPath; message: string }>;
}

/** The part of a remediation catalog entry (`actions.<name>`) these warnings read. */
export interface CatalogEntryFacts {
  kind: string;
  executor: string;
  settings: Record<string, unknown>;
}

/**
 * Catalog entries that cannot run with this environment: an executor that does not exist, is not
 * configured, cannot do the entry's kind, or would refuse its settings. Each such request would be
 * refused when it comes to run, after someone approved it — better said before.
 */
export function executorWarnings(actions: Readonly<Record<string, CatalogEntryFacts>>, executors: ReadonlyMap<string, ExecutorFacts>): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  for (const [name, entry] of Object.entries(actions)) {
    const at = ['actions', name];
    const facts = executors.get(entry.executor);
    if (!facts) {
      warnings.push({ path: [...at, 'executor'], message: `no executor named "${entry.executor}" (there are: ${[...executors.keys()].join(', ')}): every request is refused` });
      continue;
    }
    if (!facts.configured) warnings.push({ path: [...at, 'executor'], message: `executor ${entry.executor} is not configured (it needs ${facts.needs}): requests are refused when they come to run` });
    if (!facts.kinds.includes(entry.kind)) warnings.push({ path: [...at, 'executor'], message: `executor ${entry.executor} cannot carry out ${entry.kind} (it does: ${facts.kinds.join(', ')})` });
    for (const problem of facts.settingsProblems(entry.settings)) {
      warnings.push({ path: [...at, 'settings', ...problem.path], message: `${problem.message} (executor ${entry.executor} refuses these settings when a request runs)` });
    }
  }
  return warnings;
}

/** `warning: <path> (line N): <what>`, top to bottom as the operator reads the file. */
export function formatWarnings(warnings: readonly ConfigWarning[], lineOf: (path: WarningPath) => number): string[] {
  return warnings
    .map((w) => ({ line: lineOf(w.path), w }))
    .sort((a, b) => a.line - b.line)
    .map(({ line, w }) => `warning: ${formatPath(w.path)} (line ${line}): ${w.message}`);
}

/** What diagnostics can reach with this environment (presence only, never a value). */
export interface DiagnosticsEnvFacts {
  datadog: boolean;
  sentry: boolean;
  pagerdutyToken: boolean;
  github: boolean;
  deployWebhook: boolean;
  /** Whether an environment variable (a probe header's) is set. */
  isSet(name: string): boolean;
}

/** Diagnostics settings that cannot work with this environment: a source configured without its credentials. */
export function diagnosticsWarnings(file: FileConfig, env: DiagnosticsEnvFacts): ConfigWarning[] {
  const d = file.diagnostics;
  if (!d || !d.enabled) return [];
  const warnings: ConfigWarning[] = [];
  d.probes.forEach((probe, i) => {
    for (const [header, variable] of Object.entries(probe.headers)) {
      if (!env.isSet(variable)) warnings.push({ path: ['diagnostics', 'probes', i, 'headers', header], message: `${variable} is not set: the probe is sent without its ${header} header` });
    }
  });
  if (!d.sources.probes && d.probes.length > 0) warnings.push({ path: ['diagnostics', 'sources', 'probes'], message: 'probes are configured but turned off here: none runs' });
  for (const [service, s] of Object.entries(d.services)) {
    if (s.pagerdutyService !== null && d.sources.pagerduty && !env.pagerdutyToken) {
      warnings.push({ path: ['diagnostics', 'services', service, 'pagerduty_service'], message: 'PAGERDUTY_TOKEN is not set: who is on call is not looked up' });
    }
    if (s.datadogService !== null && d.sources.datadog && !env.datadog) {
      warnings.push({ path: ['diagnostics', 'services', service, 'datadog_service'], message: 'DATADOG_API_KEY and DATADOG_APP_KEY are needed: Datadog is not asked' });
    }
  }
  if (Object.keys(file.routing.repositories ?? {}).length > 0 && d.sources.changes && !env.github) {
    warnings.push({ path: ['routing', 'repositories'], message: 'GITHUB_TOKEN is not set: deployments and releases are not read (only POST /webhooks/deploy events are shown)' });
  }
  const any = (d.sources.datadog && env.datadog) || (d.sources.sentry && env.sentry) || (d.sources.pagerduty && env.pagerdutyToken) ||
    (d.sources.probes && d.probes.length > 0) || (d.sources.changes && (env.github || env.deployWebhook));
  if (!any) {
    file.routing.rules.forEach((rule, i) => {
      if (rule.diagnostics === true) {
        warnings.push({ path: ['routing', 'rules', i, 'diagnostics'], message: 'no diagnostics source has its credentials (DATADOG_API_KEY/DATADOG_APP_KEY, SENTRY_AUTH_TOKEN/SENTRY_ORG, PAGERDUTY_TOKEN, GITHUB_TOKEN or DEPLOY_WEBHOOK_SECRET, or diagnostics.probes): nothing runs' });
      }
    });
  }
  return warnings;
}

const namesUnset = (names: readonly string[]) =>
  names.length === 1 ? `${names[0]} is not set` : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} are not set`;

/** A follow-up tracker configured without its credentials (followupsMissingEnv's answer): one line each, naming the variables. */
export function followupsWarnings(missing: { github: readonly string[]; jira: readonly string[] }): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  if (missing.github.length > 0) {
    warnings.push({ path: ['followups', 'github'], message: `${namesUnset(missing.github)}: follow-ups do not become GitHub issues (Firebreak keeps them only)` });
  }
  if (missing.jira.length > 0) {
    warnings.push({ path: ['followups', 'jira'], message: `${namesUnset(missing.jira)}: follow-ups do not become Jira issues (Firebreak keeps them only)` });
  }
  return warnings;
}
