// Test: the pinned live summary
import { describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../../../../src/integrations/slack/ids.js';
import { summaryBlocks, summaryText } from '../../../../../src/integrations/slack/blocks/summary.js';
import { NOW, incidentView } from './views.js';

// Level 2 of sre paged at 11:00; its 15m wait ends at 11:15 (NOW is 11:05).
const ESCALATING = {
  escalation: { policy: 'sre', level: 2, levels: 3, round: 0, repeat: 1, nextAt: '2024-05-01T11:15:00.000Z', exhausted: false },
};

const ALL = { buttons: ['acknowledge', 'resolve', 'escalate', 'diagnostics'] as const }.buttons.slice();

const buttonIds = (blocks: ReturnType<typeof summaryBlocks>) =>
  blocks.flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => ('action_id' in e ? e.action_id : undefined)) : []));

describe('summaryBlocks', () => {
  it('renders a typical open incident', () => {
    expect(summaryBlocks(incidentView(), NOW, { buttons: ['acknowledge', 'resolve'] })).toMatchSnapshot();
  });

  it('renders a resolved incident without buttons, with its final duration', () => {
    const resolved = incidentView({ status: 'resolved', resolvedAt: '2024-05-01T12:30:00.000Z', lastUpdate: null });
    expect(summaryBlocks(resolved, NOW, { buttons: ALL })).toMatchSnapshot();
  });

  it('offers Acknowledge only while the incident is triggered, and Escalate only while a policy is escalating', () => {
    expect(buttonIds(summaryBlocks(incidentView({ status: 'triggered', ...ESCALATING }), NOW, { buttons: ALL }))).toEqual([
      ACTION_IDS.acknowledge, ACTION_IDS.resolve, ACTION_IDS.escalate, ACTION_IDS.diagnostics,
    ]);
    expect(buttonIds(summaryBlocks(incidentView({ status: 'acknowledged', ...ESCALATING }), NOW, { buttons: ALL }))).toEqual([
      ACTION_IDS.resolve, ACTION_IDS.diagnostics,
    ]);
    // No policy, or every level already paged: nothing to escalate to.
    expect(buttonIds(summaryBlocks(incidentView({ status: 'triggered' }), NOW, { buttons: ALL }))).not.toContain(ACTION_IDS.escalate);
    const exhausted = { escalation: { ...ESCALATING.escalation, exhausted: true } };
    expect(buttonIds(summaryBlocks(incidentView({ status: 'triggered', ...exhausted }), NOW, { buttons: ALL }))).not.toContain(ACTION_IDS.escalate);
  });

  it('shows the escalation level, its policy and when the next level comes, while nobody has acknowledged', () => {
    const text = JSON.stringify(summaryBlocks(incidentView({ status: 'triggered', ...ESCALATING }), NOW, { buttons: [] }));
    expect(text).toContain('*Escalation*: level 2 of 3 of `sre` · next level at <!date^1714562100^{date_short_pretty} {time}|2024-05-01T11:15:00.000Z>');
    const last = { escalation: { ...ESCALATING.escalation, level: 3, round: 1 } };
    expect(JSON.stringify(summaryBlocks(incidentView({ status: 'triggered', ...last }), NOW, { buttons: [] }))).toContain(
      'level 3 of 3 of `sre` (repeat 1 of 1) · exhausted at <!date^1714562100^{date_short_pretty} {time}|2024-05-01T11:15:00.000Z> without an acknowledgement',
    );
    const exhausted = { escalation: { ...ESCALATING.escalation, exhausted: true } };
    expect(JSON.stringify(summaryBlocks(incidentView({ status: 'triggered', ...exhausted }), NOW, { buttons: [] }))).toContain(
      ':rotating_light: *Escalation exhausted*: every level of `sre` was paged and nobody acknowledged.',
    );
    expect(JSON.stringify(summaryBlocks(incidentView({ status: 'acknowledged', ...ESCALATING }), NOW, { buttons: [] }))).not.toContain('Escalation');
  });

  it('shows each failed page, retrying or given up, with untrusted text escaped', () => {
    const view = incidentView({
      pageFailures: [
        { level: 1, targets: ['U0PRIMARY', 'pagerduty'], error: 'Slack 503; PagerDuty 502', final: false },
        { level: null, targets: ['webhook:ops'], error: 'refused <!channel> & co', final: true },
      ],
    });
    const section = summaryBlocks(view, NOW, { buttons: [] }).find((b) => b.type === 'section' && b.text?.text.includes('failed'));
    expect(section?.type === 'section' && section.text?.text).toBe(
      ':warning: *Page level 1 failed* for U0PRIMARY, pagerduty: Slack 503; PagerDuty 502 (retrying)\n' +
        ':warning: *Page by hand failed* for webhook:ops: refused &lt;!channel&gt; &amp; co (gave up)',
    );
  });

  it('shows only the buttons asked for, each carrying the incident id', () => {
    const blocks = summaryBlocks(incidentView({ status: 'triggered' }), NOW, { buttons: ['resolve'] });
    const actions = blocks.find((b) => b.type === 'actions');
    expect(actions).toMatchObject({ elements: [{ action_id: ACTION_IDS.resolve, value: 'inc_01HXYZ' }] });
  });

  it('leaves out the actions block when no button applies', () => {
    const blocks = summaryBlocks(incidentView({ status: 'closed' }), NOW, { buttons: ALL });
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('has a header without a number before one is assigned', () => {
    const [header] = summaryBlocks(incidentView({ number: null }), NOW, { buttons: [] });
    expect(header).toMatchObject({ type: 'header', text: { text: '🔥 Checkout returns 502 for card payments' } });
  });

  it('keeps the header within 150 characters for a very long title', () => {
    const [header] = summaryBlocks(incidentView({ title: 'x'.repeat(500) }), NOW, { buttons: [] });
    expect(header?.type === 'header' && header.text.text.length).toBeLessThanOrEqual(150);
  });

  it('says so when the incident was declared by hand, without alerts', () => {
    const blocks = summaryBlocks(incidentView({ alerts: { firing: 0, resolved: 0, latest: [] } }), NOW, { buttons: [] });
    expect(JSON.stringify(blocks)).toContain('declared by hand');
  });

  it('links an alert only when its URL is http(s), encoding | and > so the link cannot be broken out of', () => {
    const view = incidentView({
      alerts: {
        firing: 2, resolved: 0,
        latest: [
          { source: 'generic', title: 'a', status: 'firing', url: 'javascript:alert(1)' },
          { source: 'generic', title: 'b', status: 'firing', url: 'https://x.example/p?q=1|2>3' },
        ],
      },
    });
    const text = JSON.stringify(summaryBlocks(view, NOW, { buttons: [] }));
    expect(text).not.toContain('javascript:');
    expect(text).toContain('<https://x.example/p?q=1%7C2%3E3|b>');
  });

  it('lists at most five alerts and counts the rest', () => {
    const latest = Array.from({ length: 8 }, (_, i) => ({ source: 'datadog', title: `alert ${i}`, status: 'firing' as const, url: null }));
    const text = JSON.stringify(summaryBlocks(incidentView({ alerts: { firing: 8, resolved: 4, latest } }), NOW, { buttons: [] }));
    expect(text).toContain('alert 4');
    expect(text).not.toContain('alert 5');
    expect(text).toContain('…and 7 more');
  });

  it('shows a role held by something that is not a Slack user id as text, not as a mention', () => {
    const text = JSON.stringify(summaryBlocks(incidentView({ roles: { commander: 'bob', scribe: null, comms: null } }), NOW, { buttons: [] }));
    expect(text).toContain('*Commander*\\nbob');
    expect(text).not.toContain('<@bob>');
  });

  it('keeps every section within Slack limits for huge inputs', () => {
    const huge = 'y'.repeat(10_000);
    const view = incidentView({
      title: huge, service: huge,
      lastUpdate: { at: '2024-05-01T10:45:00.000Z', by: null, text: huge },
      alerts: { firing: 5, resolved: 0, latest: Array.from({ length: 5 }, () => ({ source: huge, title: huge, status: 'firing' as const, url: `https://e.example/${huge}` })) },
    });
    for (const block of summaryBlocks(view, NOW, { buttons: ALL })) {
      if (block.type === 'section') {
        if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
        for (const f of block.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
      }
    }
  });
});

describe('summaryText', () => {
  it('is a one-line fallback without mentions', () => {
    expect(summaryText(incidentView())).toBe('🔥 #42 Checkout returns 502 for card payments — SEV2 · Investigating');
  });
});
