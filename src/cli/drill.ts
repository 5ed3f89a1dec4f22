// CLI: `firebreak drill <scenario.yaml>` — rehearse an escalation policy on a virtual clock, paging
// no one. Exit 0 when every expectation holds, 1 when one fails, 2 for a bad scenario or config.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { defaultFileConfig, loadFileConfig, parseFileConfig, type FileConfig } from '../config/index.js';
import { checkExpectations } from '../drill/expect.js';
import { renderReport } from '../drill/report.js';
import { parseScenario, type Scenario } from '../drill/scenario.js';
import type { CliOutput } from './commands.js';

export interface DrillOptions {
  file: string;
  verbose: boolean;
}

export async function runDrillCommand({ file: path, verbose }: DrillOptions, out: CliOutput): Promise<number> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    out.stderr(`firebreak drill: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    return 2;
  }

  const scenario = parseScenario(text, path);
  const config = scenario.ok ? scenarioConfig(scenario.value, path) : undefined;
  const errors = scenario.ok ? (config!.ok ? [] : config!.errors) : scenario.errors;
  if (errors.length > 0 || !scenario.ok || !config?.ok) {
    for (const line of errors) out.stderr(line);
    out.stderr(`firebreak drill: ${errors.length} problem(s) in ${path}; nothing run`);
    return 2;
  }

  // Loaded only now: the engine and its adapters are not needed to refuse a bad scenario.
  const { runDrill } = await import('../drill/run.js');
  const outcome = await runDrill(scenario.value, config.value);
  const verdicts = checkExpectations(scenario.value.expect, outcome);
  const title = scenario.value.name ? `${scenario.value.name} (${path})` : path;
  for (const line of renderReport({ title, startIso: new Date(scenario.value.startMs).toISOString(), outcome, verdicts, verbose })) out.stdout(line);
  return outcome.problems.length > 0 || verdicts.some((v) => !v.ok) ? 1 : 0;
}

/** The firebreak.yaml the scenario runs with: inline (problems at the scenario's lines), a file, or the defaults. */
function scenarioConfig(scenario: Scenario, path: string): { ok: true; value: FileConfig } | { ok: false; errors: string[] } {
  switch (scenario.config.kind) {
    case 'defaults':
      return { ok: true, value: defaultFileConfig() };
    case 'file': {
      const loaded = loadFileConfig(resolve(dirname(path), scenario.config.path), { explicit: true, via: 'config_file' });
      return loaded.ok ? { ok: true, value: loaded.value } : loaded;
    }
    case 'inline': {
      const parsed = parseFileConfig(scenario.config.text, path);
      if (parsed.ok) return parsed;
      // `routing.defaults.policy (line 9): …` → `config.routing.defaults.policy (line 9): …`
      const prefix = (e: string) => (e.startsWith('(top level)') ? `config${e.slice('(top level)'.length)}` : e.startsWith('[') ? `config${e}` : `config.${e}`);
      return { ok: false, errors: parsed.errors.map(prefix) };
    }
  }
}
