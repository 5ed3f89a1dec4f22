// Tests: the Diagnostics message (pure) — a line per failed, timed-out, throttled or skipped source,
// vendor text escaped and cut to Slack's limits, within the block count.
import { describe, expect, it } from 'vitest';
import type { DiagnosticsReport } from '../../../../../src/domain/diagnostics.js';
import { diagnosticsMessage } from '../../../../../src/integrations/slack/blocks/diagnostics.js';
import { SLACK_LIMITS } from '../../../../../src/integrations/slack/escape.js';

const at = '2026-12-07T20:00:00.000Z';
const base: DiagnosticsReport = {
  incident: { id: 'inc_1', number: 7, title: 'Checkout <!here> down', service: 'checkout' },
  trigger: 'button', requestedBy: 'U0ANN', startedAt: at,
  sources: ['datadog', 'sentry', 'pagerduty', 'probes', 'changes'], answers: {},
};
const text = (r: DiagnosticsReport) => JSON.stringify(diagnosticsMessage(r, new Date(at)).blocks);

describe('diagnosticsMessage', () => {
  it('says which sources are still being asked', () => {
    const m = diagnosticsMessage(base, new Date(at));
    expect(m.text).toBe('Diagnostics for #7 Checkout &lt;!here&gt; down: 0 of 5 sources answered');
    expect(text(base)).toContain('Datadog: asking…');
    expect(text(base)).toContain('Asked for by <@U0ANN> with the Diagnostics button');
  });

  it('gives each failed, timed-out, throttled or skipped source one short line', () => {
    const r: DiagnosticsReport = {
      ...base,
      answers: {
        datadog: { status: 'failed', error: 'HTTP 503', at },
        sentry: { status: 'timeout', afterMs: 5000, at },
        pagerduty: { status: 'rate-limited', retryAfterMs: 30_000, at },
        probes: { status: 'skipped', reason: 'no probe for service checkout', at },
        changes: { status: 'ok', cached: true, problems: [], at, finding: { source: 'changes', windowMs: 7_200_000, deploys: [] } },
      },
    };
    const shown = text(r);
    expect(shown).toContain(':warning: *Datadog*: failed — HTTP 503');
    expect(shown).toContain(':warning: *Sentry*: no answer within 5 s');
    expect(shown).toContain('ask again in 30 s');
    expect(shown).toContain('Health probes: skipped — no probe for service checkout');
    expect(shown).toContain('*Deploys in the last 2h*: none');
    expect(shown).toContain('What changed: cached answer');
    expect(diagnosticsMessage(r, new Date(at)).text).toContain('all sources answered');
  });

  it('escapes vendor text and keeps every field within Slack limits', () => {
    const long = `<!channel> ${'x'.repeat(10_000)}`;
    const r: DiagnosticsReport = {
      ...base,
      sources: ['datadog'],
      answers: {
        datadog: {
          status: 'ok', cached: false, problems: [], at,
          finding: {
            source: 'datadog',
            monitor: { id: 1, name: long, state: 'Alert', query: '`a` > 1 <@U1>', message: long, url: 'javascript:alert(1)' },
            events: Array.from({ length: 50 }, () => ({ title: long, at, url: null })),
            graph: { url: 'https://p.datadoghq.com/x.png', query: long },
            logs: { query: 'service:checkout status:error', count: 3, samples: [long, '```break out```'] },
          },
        },
      },
    };
    const { blocks } = diagnosticsMessage(r, new Date(at));
    const json = JSON.stringify(blocks);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<@U1>');
    expect(json).not.toContain('javascript:');
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.messageBlocks);
    for (const b of blocks as Array<{ text?: { text: string }; alt_text?: string }>) {
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      if (b.alt_text) expect(b.alt_text.length).toBeLessThanOrEqual(2000);
    }
    // A sample cannot close the code block it sits in.
    expect(json).toContain("'''break out'''");
  });
});
