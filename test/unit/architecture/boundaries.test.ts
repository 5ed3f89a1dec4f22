// Test: the import boundaries (eslint.config.js, docs/ARCHITECTURE.md) hold for the whole tree, and
// the rule does fail on an arrow the wrong way — so `npm test` catches what `npm run lint` would.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ overrideConfig: { rules: {} } });
const restricted = (results: ESLint.LintResult[]) =>
  results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => `${r.filePath.replace(process.cwd() + '/', '')}:${m.line} ${m.message}`));

describe('import boundaries', () => {
  it('hold across src/: no import points outward', async () => {
    expect(restricted(await eslint.lintFiles(['src/**/*.ts']))).toEqual([]);
  }, 120_000);

  it.each([
    ['src/effects/new.ts', "import { createChatPort } from '../integrations/slack/port.js';", 'vendors sit behind ports'],
    ['src/effects/new.ts', "import { incidentMachine } from '../workflows/incident/index.js';", 'do not know the incident machine'],
    ['src/workflows/new.ts', "import { App } from '@slack/bolt';", 'vendor SDKs'],
    ['src/domain/new.ts', "import type { Chat } from '../effects/ports.js';", 'imports nothing outside domain/'],
    ['src/edges/slack/new.ts', "import { WorkflowRunner } from '../../workflows/runner.js';", 'never to a workflow directly'],
    ['src/incidents/new.ts', "import { createSlackChat } from '../integrations/slack/chat.js';", 'vendors sit behind ports'],
    ['src/integrations/slack/new.ts', "import { createIncidents } from '../../incidents/index.js';", 'feature API'],
    ['src/store/new.ts', "import { startFirebreak } from '../main.js';", 'composition root'],
  ])('reports %s importing the wrong way: %s', async (filePath, code, why) => {
    const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath });
    expect(restricted([result!]).join('\n')).toContain(why);
  });
});
