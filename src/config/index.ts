// Config: the one entry point — environment + firebreak.yaml → Config, every problem at once
import { configPathFrom, parseEnv, type Env } from './env.js';
import { loadFileConfig } from './file.js';
import type { FileConfig } from './file-schema.js';
import { Secret } from './secret.js';

export { Secret } from './secret.js';
export { duration, formatDuration, parseDuration } from './duration.js';
export { configPathFrom, parseEnv, type Env, type StoreConfig } from './env.js';
export { describeIntegrations } from './describe-integrations.js';
export { loadFileConfig, parseFileConfig } from './file.js';
export { defaultFileConfig, type EscalationLevel, type EscalationPolicy, type FileConfig } from './file-schema.js';

export interface Config {
  env: Env;
  file: FileConfig;
  /** Signing secrets of `escalation.webhooks`, by webhook name, read from the variables their `secret_env` names. */
  webhookSecrets: Record<string, Secret>;
  /** Header values of `diagnostics.probes`, by probe name, read from the variables each names (unset ones are left out: `check` warns). */
  probeHeaders?: Record<string, Record<string, Secret>>;
  /** Routing keys of `pagerduty.services`, by service name, read from the variables their `routing_key_env` names. */
  pagerdutyKeys: Record<string, Secret>;
}

export type LoadConfigResult = { ok: true; value: Config } | { ok: false; errors: string[] };

/**
 * Validates the environment and the config file it points at, reporting both sets of problems
 * together so one run shows everything to fix. Defaults to `process.env`: src/config is the only
 * place that reads it.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): LoadConfigResult {
  const parsedEnv = parseEnv(env);
  const { path, explicit } = configPathFrom(env);
  const file = loadFileConfig(path, { explicit });
  const secrets = file.ok ? webhookSecrets(file.value, env) : { ok: true as const, value: {} };
  const keys = file.ok ? pagerdutyKeys(file.value, env) : { ok: true as const, value: {} };
  if (parsedEnv.ok && file.ok && secrets.ok && keys.ok) {
    return { ok: true, value: { env: parsedEnv.value, file: file.value, webhookSecrets: secrets.value, pagerdutyKeys: keys.value, probeHeaders: probeHeaders(file.value, env) } };
  }
  return {
    ok: false,
    errors: [...(parsedEnv.ok ? [] : parsedEnv.errors), ...(file.ok ? [] : file.errors), ...(secrets.ok ? [] : secrets.errors), ...(keys.ok ? [] : keys.errors)],
  };
}

/**
 * The file names the variables; the environment holds the secrets (never the YAML). A webhook whose
 * variable is unset would page unsigned, which its receiver rejects: that is a startup error.
 */
export function webhookSecrets(
  file: Pick<FileConfig, 'escalation'>,
  env: Record<string, string | undefined>,
): { ok: true; value: Record<string, Secret> } | { ok: false; errors: string[] } {
  const value: Record<string, Secret> = {};
  const errors: string[] = [];
  for (const [name, hook] of Object.entries(file.escalation.webhooks)) {
    if (hook.secretEnv === null) continue;
    const secret = env[hook.secretEnv];
    if (secret === undefined || secret.trim() === '') errors.push(`${hook.secretEnv}: not set (escalation.webhooks.${name}.secret_env names it as the webhook's signing secret)`);
    else value[name] = new Secret(secret);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}

/** The probes' header values, from the variables the file names (the values never go in the YAML). */
export function probeHeaders(file: Pick<FileConfig, 'diagnostics'>, env: Record<string, string | undefined>): Record<string, Record<string, Secret>> {
  const out: Record<string, Record<string, Secret>> = {};
  for (const probe of file.diagnostics?.probes ?? []) {
    const headers: Record<string, Secret> = {};
    for (const [header, variable] of Object.entries(probe.headers)) {
      const value = env[variable];
      if (value !== undefined && value.trim() !== '') headers[header] = new Secret(value);
    }
    out[probe.name] = headers;
  }
  return out;
}

/**
 * The routing key of each named PagerDuty service, from the variable its `routing_key_env` names. A
 * service whose variable is unset could never be paged: that is a startup error naming the variable.
 */
export function pagerdutyKeys(
  file: Pick<FileConfig, 'pagerduty'>,
  env: Record<string, string | undefined>,
): { ok: true; value: Record<string, Secret> } | { ok: false; errors: string[] } {
  const value: Record<string, Secret> = {};
  const errors: string[] = [];
  for (const [name, service] of Object.entries(file.pagerduty.services)) {
    const key = env[service.routingKeyEnv];
    if (key === undefined || key.trim() === '') errors.push(`${service.routingKeyEnv}: not set (pagerduty.services.${name}.routing_key_env names it as the service's routing key)`);
    else value[name] = new Secret(key.trim());
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}

/** Every secret value the config holds (tokens, keys, webhook secrets): what the redactor must scrub. */
export function secretValues(config: Pick<Config, 'env' | 'webhookSecrets'> & Partial<Pick<Config, 'pagerdutyKeys' | 'probeHeaders'>>): string[] {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (value instanceof Secret) out.push(value.reveal());
    else if (value && typeof value === 'object') for (const v of Object.values(value)) walk(v);
  };
  walk([config.env, config.webhookSecrets, config.pagerdutyKeys ?? {}, config.probeHeaders ?? {}]);
  // Jira's basic auth sends base64(email:token): an echoed header shows that, not the token itself.
  const { email, apiToken } = config.env.jira;
  if (email && apiToken) out.push(Buffer.from(`${email}:${apiToken.reveal()}`).toString('base64'));
  return out;
}
