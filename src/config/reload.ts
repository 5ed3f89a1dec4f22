// Config: SIGHUP reload — re-read firebreak.yaml, validate it first, then swap what new decisions
// read (routing, chat settings, escalation policies). Running incidents keep the policy they
// snapshotted; runner tuning is read once at start, so a change to it waits for a restart.
import type { Logger } from '../observability/observer.js';
import { parseTarget } from '../domain/targets.js';
import { formatPath, loadFileConfig, type LoadFileResult } from './file.js';
import { lineLocator } from './yaml-locate.js';
import type { FileConfig } from './file-schema.js';
import type { Config } from './index.js';

export type ReloadResult =
  | { ok: true; changes: string[]; restartNeeded: string[] }
  | { ok: false; errors: string[] };

/**
 * Settings the running process read once at start: a reload reports them (to `depth` keys) and
 * keeps the old values. The severity meanings are handed to the Slack surface when it is built; the
 * webhook pager is built with its webhooks and their secrets (from the environment, not reloaded).
 */
const RESTART_ONLY: ReadonlyArray<{ path: readonly string[]; depth: number }> = [
  { path: ['runner'], depth: 3 },
  { path: ['slack', 'severities'], depth: 2 },
  { path: ['escalation', 'webhooks'], depth: 3 },
  // A service's routing key is read from the environment at start.
  { path: ['pagerduty', 'services'], depth: 3 },
  // The follow-up trackers (GitHub, Jira) and their sync schedules are built at start.
  { path: ['followups'], depth: 2 },
];

type ReadFile = (path: string, options: { explicit: boolean; via: string }) => LoadFileResult;

/** The config new decisions read. main.ts reads through it, so a reload reaches every new incident. */
export class ConfigHolder {
  #config: Config;

  constructor(
    config: Config,
    private readonly read: ReadFile = loadFileConfig,
  ) {
    this.#config = config;
  }

  get config(): Config {
    return this.#config;
  }

  get file(): FileConfig {
    return this.#config.file;
  }

  /**
   * Re-reads the file the server started with. Invalid: nothing changes. The environment is not
   * re-read. A file that disappeared is refused rather than silently replaced by the defaults.
   */
  reload(): ReloadResult {
    const loaded = this.read(this.#config.env.configPath, { explicit: true, via: 'config reload' });
    if (!loaded.ok) return { ok: false, errors: loaded.errors };
    const before = this.#config.file;
    const unknownHooks = webhooksNotRunning(loaded.value, before, loaded.text);
    if (unknownHooks.length > 0) return { ok: false, errors: unknownHooks };
    const restartNeeded = RESTART_ONLY.flatMap(({ path, depth }) => changedPaths(valueAt(before, path), valueAt(loaded.value, path), path, depth));
    const next = keepRestartOnly(loaded.value, before);
    const changes = describeChanges(before, next);
    this.#config = { ...this.#config, file: next };
    return { ok: true, changes, restartNeeded };
  }
}

/**
 * Webhook targets the new policies name that the running pager does not have: valid in the file,
 * but a page to them would fail until a restart, so the reload is refused.
 */
function webhooksNotRunning(next: FileConfig, running: FileConfig, text: string): string[] {
  const lineOf = lineLocator(text);
  const problems: Array<{ line: number; text: string }> = [];
  for (const [name, policy] of Object.entries(next.escalation.policies)) {
    policy.levels.forEach((level, i) => {
      level.targets.forEach((target, j) => {
        const parsed = parseTarget(target);
        if (!parsed.ok || parsed.target.kind !== 'webhook' || parsed.target.name in running.escalation.webhooks) return;
        const path = ['escalation', 'policies', name, 'levels', i, 'targets', j];
        const line = lineOf(path);
        problems.push({
          line,
          text: `${formatPath(path)} (line ${line}): webhook "${parsed.target.name}" is not one the running server has (escalation.webhooks changes take a restart)`,
        });
      });
    });
  }
  return problems.sort((a, b) => a.line - b.line).map((p) => p.text);
}

/** Reloads and says what happened, one log line per problem or change list. */
export function reloadConfig(holder: ConfigHolder, log: Logger): ReloadResult {
  const path = holder.config.env.configPath;
  const result = holder.reload();
  if (!result.ok) {
    for (const line of result.errors) log.error({ reload: 'refused' }, line);
    log.error(
      { reload: 'refused', problems: result.errors.length },
      `config reload refused: ${result.errors.length} problem(s) in ${path}; still running on the previous config`,
    );
    return result;
  }
  const what = result.changes.length > 0 ? result.changes.join('; ') : 'no changes';
  log.info({ reload: 'applied', changes: result.changes }, `config reloaded from ${path}: ${what}`);
  if (result.restartNeeded.length > 0) {
    log.warn(
      { reload: 'restart-needed', settings: result.restartNeeded },
      `config reload: ${result.restartNeeded.join(', ')} changed; takes effect after a restart (the old values stay in use)`,
    );
  }
  return result;
}

/** What changed between two file configs, as an operator reads it: policy names, then sections. */
export function describeChanges(before: FileConfig, after: FileConfig): string[] {
  const lines: string[] = [];
  const named = (label: string, a: Record<string, unknown>, b: Record<string, unknown>) => {
    const added = Object.keys(b).filter((k) => !(k in a)).sort();
    const removed = Object.keys(a).filter((k) => !(k in b)).sort();
    const changed = Object.keys(b).filter((k) => k in a && !same(a[k], b[k])).sort();
    const parts = [
      added.length > 0 && `added ${added.join(', ')}`,
      removed.length > 0 && `removed ${removed.join(', ')}`,
      changed.length > 0 && `changed ${changed.join(', ')}`,
    ].filter((p): p is string => typeof p === 'string');
    if (parts.length > 0) lines.push(`${label} ${parts.join(', ')}`);
  };
  named('escalation policies', before.escalation.policies, after.escalation.policies);
  named('escalation webhooks', before.escalation.webhooks, after.escalation.webhooks);
  const rest = (c: FileConfig) => ({ ...c, escalation: { ...c.escalation, policies: {}, webhooks: {} } });
  lines.push(...changedPaths(rest(before), rest(after), []).map((path) => `${path} changed`));
  return lines;
}

/** The YAML paths (snake_case, as written) under which `a` and `b` differ, at most `depth` keys deep. */
function changedPaths(a: unknown, b: unknown, path: readonly string[], depth = 3): string[] {
  if (same(a, b)) return [];
  if (path.length >= depth || !isRecord(a) || !isRecord(b)) return [path.map(yamlKey).join('.')];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.flatMap((k) => changedPaths(a[k], b[k], [...path, k], depth));
}

/** FileConfig is camelCase with `Ms` on durations; firebreak.yaml is snake_case. */
function yamlKey(key: string): string {
  if (key === 'severityMap') return 'severity';
  return key.replace(/Ms$/, '').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function keepRestartOnly(next: FileConfig, running: FileConfig): FileConfig {
  const copy = structuredClone(next) as unknown as Record<string, unknown>;
  for (const { path } of RESTART_ONLY) {
    const parent = valueAt(copy, path.slice(0, -1)) as Record<string, unknown>;
    parent[path[path.length - 1]!] = structuredClone(valueAt(running, path));
  }
  return copy as unknown as FileConfig;
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), root);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Equal as data; mapping keys in any order (moving a policy up the file is not a change). */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k])]));
}
