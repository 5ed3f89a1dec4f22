// CLI: `firebreak check [--strict] [file]` — validate firebreak.yaml and the environment, every
// problem at once, then warn about what is valid but will not page as expected
import { configPathFrom, parseEnv, type Env } from '../config/env.js';
import { loadFileConfig } from '../config/file.js';
import { pagerdutyKeys, webhookSecrets } from '../config/index.js';
import type { FileConfig } from '../config/file-schema.js';
import { configWarnings, diagnosticsWarnings, executorWarnings, followupsWarnings, formatWarnings, slackTargets, slackTargetWarnings, type CatalogEntryFacts } from '../config/warnings.js';
import { followupsMissingEnv } from '../config/followups-schema.js';
import { executorFacts } from '../integrations/executors.js';
import { lineLocator } from '../config/yaml-locate.js';
import { resolveSlackTargets } from '../integrations/slack/resolve-targets.js';
import type { CliEnv, CliOutput } from './commands.js';

const policies = (n: number) => (n === 1 ? '1 escalation policy' : `${n} escalation policies`);
const warningCount = (n: number) => (n === 1 ? '1 warning' : `${n} warnings`);

export interface CheckOptions {
  strict: boolean;
  /** The file named on the command line; else $FIREBREAK_CONFIG, then ./firebreak.yaml. */
  file?: string | undefined;
}

/**
 * Exit 2 with one line per problem on stderr when the file or the environment is invalid.
 * Otherwise one `warning:` line per warning on stderr and one `ok:` line on stdout, exit 0 — or
 * exit 1 with `--strict` when there are warnings. Never prints a stack trace or a secret.
 */
export async function runCheck({ strict, file: named }: CheckOptions, out: CliOutput, env: CliEnv): Promise<number> {
  try {
    const { path, explicit } = named === undefined ? configPathFrom(env) : { path: named, explicit: true };
    const file = loadFileConfig(path, { explicit, via: named === undefined ? 'FIREBREAK_CONFIG' : 'firebreak check' });
    const parsedEnv = parseEnv(env);
    // As `start` would: a webhook whose signing-secret variable is unset stops the server.
    const secrets = file.ok ? webhookSecrets(file.value, env) : { ok: true as const };
    // …and so does a PagerDuty service whose routing-key variable is unset.
    const keys = file.ok ? pagerdutyKeys(file.value, env) : { ok: true as const };
    const problems = [...(file.ok ? [] : file.errors), ...(parsedEnv.ok ? [] : parsedEnv.errors), ...(secrets.ok ? [] : secrets.errors), ...(keys.ok ? [] : keys.errors)];
    if (!file.ok || !parsedEnv.ok || !secrets.ok || !keys.ok) {
      for (const line of problems) out.stderr(line);
      return 2;
    }
    const warnings = await warningLines(file.value, file.text, parsedEnv.value, env);
    for (const line of warnings) out.stderr(line);
    const count = Object.keys(file.value.escalation.policies).length;
    const what = file.source === 'defaults' ? `no file at ${path}, built-in defaults` : path;
    const noted = warnings.length > 0 ? `, ${warningCount(warnings.length)}` : '';
    if (strict && warnings.length > 0) {
      out.stderr(`firebreak check: ${warningCount(warnings.length)} with --strict: failing`);
      return 1;
    }
    out.stdout(`ok: ${what} (${policies(count)}, environment valid${noted})`);
    return 0;
  } catch (error) {
    // A bug, not a config problem: still one line, so the operator is not handed a stack trace.
    out.stderr(`firebreak check: internal error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

/** The file's own warnings, then what Slack says about its targets (only when a token is set). */
async function warningLines(file: FileConfig, text: string, env: Env, raw: CliEnv): Promise<string[]> {
  const token = env.slack.botToken?.reveal();
  const facts = { slackToken: token !== undefined, pagerdutyRoutingKey: env.pagerduty.routingKey !== undefined };
  const warnings = configWarnings(file, facts);
  warnings.push(...diagnosticsWarnings(file, {
    datadog: env.datadog.apiKey !== undefined && env.datadog.appKey !== undefined, sentry: env.sentry.authToken !== undefined && env.sentry.org !== undefined,
    pagerdutyToken: env.pagerduty.token !== undefined, github: env.github.token !== undefined, deployWebhook: env.deploy.webhookSecret !== undefined,
    isSet: (name) => (raw[name] ?? '').trim() !== '',
  }));
  warnings.push(...remediationWarnings(file, env));
  warnings.push(...followupsWarnings(followupsMissingEnv(file.followups, env)));
  const targets = slackTargets(file);
  const failures: string[] = [];
  if (token !== undefined && targets.length > 0) {
    const report = await resolveSlackTargets(targets, { token, apiUrl: env.slack.apiUrl });
    warnings.push(...slackTargetWarnings(file, report.problems));
    failures.push(...report.failures.map((f) => `warning: ${f.subject}: ${f.message}`));
  }
  return [...formatWarnings(warnings, lineLocator(text)), ...failures];
}

/**
 * The remediation catalog's entries whose executor cannot run them here. Read structurally: the
 * catalog (`actions:`) is the approvals feature's section of FileConfig; absent, nothing to check.
 */
function remediationWarnings(file: FileConfig, env: Env) {
  const catalog = (file as { actions?: Readonly<Record<string, CatalogEntryFacts>> }).actions ?? {};
  if (Object.keys(catalog).length === 0) return [];
  const webhooks = Object.fromEntries(Object.entries(file.escalation.webhooks).map(([name, w]) => [name, { url: w.url, secret: null, timeoutMs: w.timeoutMs }]));
  return executorWarnings(catalog, executorFacts(env, { webhooks }));
}
