// Config: the one entry point — environment + firebreak.yaml → Config, every problem at once
import { configPathFrom, parseEnv, type Env } from './env.js';
import { loadFileConfig } from './file.js';
import type { FileConfig } from './file-schema.js';

export { Secret } from './secret.js';
export { duration, formatDuration, parseDuration } from './duration.js';
export { configPathFrom, parseEnv, type Env, type StoreConfig } from './env.js';
export { describeIntegrations } from './describe-integrations.js';
export { loadFileConfig, parseFileConfig } from './file.js';
export { defaultFileConfig, type EscalationLevel, type EscalationPolicy, type FileConfig } from './file-schema.js';

export interface Config {
  env: Env;
  file: FileConfig;
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
  if (parsedEnv.ok && file.ok) return { ok: true, value: { env: parsedEnv.value, file: file.value } };
  return {
    ok: false,
    errors: [...(parsedEnv.ok ? [] : parsedEnv.errors), ...(file.ok ? [] : file.errors)],
  };
}
