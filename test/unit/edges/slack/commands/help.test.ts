// Test: the /incident help text
import { describe, expect, it } from 'vitest';
import { SUBCOMMANDS, helpMessage, helpText } from '../../../../../src/edges/slack/commands/index.js';
import { usageLine } from '../../../../../src/edges/slack/commands/text.js';

describe('helpText', () => {
  it('documents every subcommand and the incident-number rule', () => {
    expect(helpText()).toMatchSnapshot();
    for (const sub of SUBCOMMANDS) expect(helpText()).toContain(usageLine(sub.syntax));
  });

  it('escapes the <placeholders> so Slack does not take them for links', () => {
    expect(usageLine(SUBCOMMANDS[0]!.syntax)).toBe('`/incident declare [sev1-4] &lt;title&gt;`');
    expect(helpText()).not.toMatch(/[<>]/);
  });

  it('fits section blocks of at most 3,000 characters, split between lines, nothing lost', () => {
    const { text, blocks } = helpMessage();
    const texts = blocks.map((b) => (b as { text: { text: string } }).text.text);
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(3000);
    expect(texts.join('\n')).toBe(text);
    expect(blocks.every((b) => b.type === 'section')).toBe(true);
  });
});
